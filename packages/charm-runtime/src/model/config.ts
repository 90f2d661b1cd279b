/** `ctx.config(schema)`: config-get parsed with the charm's own zod schema. */
import type { z } from "zod";

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

/**
 * The blocked status for invalid config: the first problem (`port: Too small: ...`), and how many
 * more there are. Option names and problems only: zod messages never quote the value.
 */
export function invalidConfigStatus(error: InvalidConfigError): {
  readonly name: SettableStatusName;
  readonly message: string;
} {
  const [first, ...rest] = error.problems;
  if (first === undefined) return { name: "blocked", message: "invalid config" };
  const more = rest.length === 0 ? "" : ` (and ${String(rest.length)} more, see juju debug-log)`;
  return { name: "blocked", message: oneLine(`invalid config: ${first.option}: ${first.problem}${more}`) };
}
