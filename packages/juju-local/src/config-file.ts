/**
 * `juju deploy --config <file>`: a YAML map of option values, either flat or under the
 * application's name (`{<app>: {key: value}}`), as Juju takes it. The file is the user's and is
 * checked, not cast: a nested value that is not the application's section is an error.
 */
import * as z from "zod";

import { JujuLocalError } from "./errors.js";
import { readYamlFile } from "./yaml-file.js";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const flatSchema = z.record(z.string(), scalar);
const documentSchema = z.record(z.string(), z.union([scalar, flatSchema]));

export function configFile(path: string, appName: string | undefined): Record<string, string> {
  const parsed = documentSchema.safeParse(readYamlFile(path, "config file"));
  if (!parsed.success)
    throw new JujuLocalError(`config file "${path}" is not a YAML map of option values`, 2);
  const section = appName === undefined ? undefined : parsed.data[appName];
  const flat = flatSchema.safeParse(
    section !== undefined && typeof section === "object" ? section : parsed.data,
  );
  if (!flat.success) {
    throw new JujuLocalError(
      `config file "${path}" mixes option values with sections of other applications`,
      2,
    );
  }
  return Object.fromEntries(Object.entries(flat.data).map(([key, value]) => [key, String(value)]));
}
