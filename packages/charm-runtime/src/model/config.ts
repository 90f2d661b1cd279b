/** `ctx.config(schema)`: config-get parsed with the charm's own zod schema. */
import type { z } from "zod";

import { InvalidConfigError } from "../errors.js";
import { configGet } from "../hook-tools/config.js";
import type { HookToolSession } from "../hook-tools/session.js";
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
