/** `status-get` and `status-set` for the unit and (leader only) the application. */
import * as z from "zod";

import { shortenToArgument } from "./argv-limit.js";
import type { HookToolSession } from "./session.js";

export const SETTABLE_STATUSES = ["active", "blocked", "maintenance", "waiting"] as const;
export type SettableStatusName = (typeof SETTABLE_STATUSES)[number];
export type StatusName = SettableStatusName | "error" | "unknown";

export interface StatusInfo {
  readonly name: StatusName;
  readonly message: string;
}

const statusName = z.enum(["active", "blocked", "maintenance", "waiting", "error", "unknown"]);
const statusBody = z.object({
  status: statusName,
  message: z
    .string()
    .nullish()
    .transform((m) => m ?? ""),
});

export function unitStatusGet(session: HookToolSession): Promise<StatusInfo> {
  return session.cached("status-get:unit", async () => {
    const out = await session.runJson(
      "status-get",
      ["--include-data", "--format=json", "--application=false"],
      statusBody,
    );
    return { name: out.status, message: out.message };
  });
}

export function appStatusGet(session: HookToolSession): Promise<StatusInfo> {
  return session.cached("status-get:app", async () => {
    const out = await session.runJson(
      "status-get",
      ["--include-data", "--format=json", "--application=true"],
      z.object({ "application-status": statusBody }),
    );
    return { name: out["application-status"].status, message: out["application-status"].message };
  });
}

export async function statusSet(
  session: HookToolSession,
  target: "unit" | "app",
  status: { readonly name: SettableStatusName; readonly message: string },
): Promise<void> {
  const args = [`--application=${target === "app" ? "true" : "false"}`, status.name];
  // status-set has no file form; an overlong message is shortened so the hook can still block.
  if (status.message !== "") args.push("--", shortenToArgument(status.message));
  try {
    await session.run("status-set", args);
  } finally {
    session.invalidate(`status-get:${target}`);
  }
}
