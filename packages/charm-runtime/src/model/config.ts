/** `ctx.config(schema)`: config-get parsed with the charm's own zod schema. */
import type * as z from "zod";

import { InvalidConfigError } from "../errors.js";
import { configGet } from "../hook-tools/config.js";
import type { HookToolSession } from "../hook-tools/session.js";
import type { SettableStatusName } from "../hook-tools/status.js";
import { describeIssues } from "./schema-issues.js";

export async function readConfig<S extends z.ZodType>(
  session: HookToolSession,
  schema: S,
): Promise<z.output<S>> {
  const raw = await configGet(session);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InvalidConfigError(describeIssues(parsed.error.issues, "(config)"));
  return parsed.data;
}

/** Newlines and runs of blanks in a problem become one space: a status is one line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export interface InvalidConfigStatusOptions {
  /**
   * How the problems read. `fragment` (the default; zod's `Too small: ...`): the status names the
   * option and counts the rest. `sentence` (a charm's own validator, `openstack-network is
   * required`): each problem already names its option, and the status is the first one as it is.
   */
  readonly phrasing?: "fragment" | "sentence";
}

/**
 * The blocked status for invalid config: the first problem (`invalid config: port: Too small:
 * ... (and 2 more, see juju debug-log)`, or the first sentence), on one line. Option names and
 * problems only: zod messages never quote the value, and details stay in the log.
 */
export function invalidConfigStatus(
  error: InvalidConfigError,
  options: InvalidConfigStatusOptions = {},
): { readonly name: SettableStatusName; readonly message: string } {
  const [first, ...rest] = error.problems;
  if (first === undefined) return { name: "blocked", message: "invalid config" };
  if (options.phrasing === "sentence") return { name: "blocked", message: oneLine(first.problem) };
  const more = rest.length === 0 ? "" : ` (and ${String(rest.length)} more, see juju debug-log)`;
  return { name: "blocked", message: oneLine(`invalid config: ${first.option}: ${first.problem}${more}`) };
}

/** Every problem of `error`, one per line with its detail: the WARNING line beside the status. */
export function invalidConfigReport(error: InvalidConfigError): string {
  const lines = error.problems.map(
    (p) => `  ${p.option}: ${p.problem}${p.detail === undefined ? "" : ` (${p.detail})`}`,
  );
  return `Invalid charm config:\n${lines.join("\n")}`;
}
