/** `config-get`: the charm's config options (unset options without default are omitted). */
import * as z from "zod";

import { JSON_FORMAT } from "./read-argv.js";
import type { HookToolSession } from "./session.js";

export type ConfigValue = string | number | boolean;

const configSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .nullable()
  .transform((v) => v ?? {});

export function configGet(session: HookToolSession): Promise<Record<string, ConfigValue>> {
  return session.cached("config-get", () => session.runJson("config-get", JSON_FORMAT, configSchema));
}
