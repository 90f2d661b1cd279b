/**
 * Charm state kept by the controller: state-get, state-set (a JSON map on stdin, `--file -`) and
 * state-delete. Juju prints `null` for an empty state.
 */
import { JSON_FORMAT } from "./read-argv.js";
import type { HookToolSession } from "./session.js";
import { stringMapOrNull } from "./session.js";

export function stateGet(session: HookToolSession): Promise<Record<string, string>> {
  return session.cached("state-get", () => session.runJson("state-get", JSON_FORMAT, stringMapOrNull));
}

export async function stateSet(
  session: HookToolSession,
  data: Readonly<Record<string, string>>,
): Promise<void> {
  if (Object.keys(data).length === 0) return;
  try {
    await session.run("state-set", ["--file", "-"], JSON.stringify(data));
  } finally {
    session.invalidate("state-get");
  }
}

export async function stateDelete(session: HookToolSession, key: string): Promise<void> {
  try {
    await session.run("state-delete", [key]);
  } finally {
    session.invalidate("state-get");
  }
}
