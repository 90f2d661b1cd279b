/** `juju config <app> --format=json`: the settings' current values. */
import * as z from "zod";

export type ConfigValue = string | number | boolean;
export type ConfigValues = Readonly<Record<string, ConfigValue>>;

export const configOutputSchema = z
  .object({
    settings: z.record(
      z.string(),
      z.object({ value: z.union([z.string(), z.number(), z.boolean()]).optional() }).loose(),
    ),
  })
  .loose();

/** The settings that have a value (set by the user or defaulted); unset ones are left out. */
export function configValues(output: z.infer<typeof configOutputSchema>): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, setting] of Object.entries(output.settings)) {
    if (setting.value !== undefined) out[key] = setting.value;
  }
  return out;
}

/** `key=value` as juju takes it on the command line (booleans as true/false). */
export function configArg(key: string, value: ConfigValue): string {
  return `${key}=${typeof value === "boolean" ? (value ? "true" : "false") : String(value)}`;
}
