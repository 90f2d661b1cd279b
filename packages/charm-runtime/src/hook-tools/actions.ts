/**
 * Action tools: action-get (parameters), action-set (results as `key=value` argv, nested maps
 * flattened to dotted keys), action-log and action-fail (free text after `--`, kept within Linux's
 * argument limit).
 */
import * as z from "zod";

import { InvalidKeyError } from "../errors.js";
import { shortenToArgument, splitToArguments } from "./argv-limit.js";
import type { HookToolSession } from "./session.js";

export function actionGet(session: HookToolSession): Promise<Record<string, unknown>> {
  return session.cached("action-get", () =>
    session.runJson(
      "action-get",
      ["--format=json"],
      z
        .record(z.string(), z.unknown())
        .nullable()
        .transform((v) => v ?? {}),
    ),
  );
}

/** Juju's rule for each dot-separated segment of an action result key. */
export const ACTION_RESULT_SEGMENT = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RESERVED_RESULT_KEYS = new Set(["stdout", "stdout-encoding", "stderr", "stderr-encoding"]);

export type ActionResultValue = string | number | boolean | { readonly [key: string]: ActionResultValue };

/** Flattens nested results to dotted keys and checks every key; values become strings. */
export function flattenActionResults(
  results: Readonly<Record<string, ActionResultValue>>,
  prefix = "",
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(results)) {
    const full = prefix === "" ? key : `${prefix}.${key}`;
    if (typeof value === "object") {
      Object.assign(flat, flattenActionResults(value, full));
      continue;
    }
    const segments = full.split(".");
    if (!segments.every((segment) => ACTION_RESULT_SEGMENT.test(segment))) {
      throw new InvalidKeyError(
        full,
        "action result keys are lowercase letters, digits and hyphens, dot-separated",
      );
    }
    // Juju refuses a reserved word in any segment (`run.stderr` too), so check each one.
    const reserved = segments.find((segment) => RESERVED_RESULT_KEYS.has(segment));
    if (reserved !== undefined) {
      throw new InvalidKeyError(full, `"${reserved}" is reserved by Juju for the action's own output`);
    }
    flat[full] = String(value);
  }
  return flat;
}

export async function actionSet(
  session: HookToolSession,
  results: Readonly<Record<string, ActionResultValue>>,
): Promise<void> {
  const flat = flattenActionResults(results);
  const args = Object.entries(flat).map(([k, v]) => `${k}=${v}`);
  if (args.length === 0) return;
  await session.run("action-set", args);
}

/** Neither tool has a file form: a long log goes in chunks, a long failure message is shortened. */
export async function actionLog(session: HookToolSession, message: string): Promise<void> {
  for (const chunk of splitToArguments(message)) await session.run("action-log", ["--", chunk]);
}

export async function actionFail(session: HookToolSession, message?: string): Promise<void> {
  const args = message === undefined || message === "" ? [] : ["--", shortenToArgument(message)];
  await session.run("action-fail", args);
}
