import { stringify as toYaml } from "yaml";
import type { OptionSpec, ParsedArgs } from "./argv.js";
import { usageError } from "./errors.js";

/** `--format` as juju/cmd offers it to the hook tools that print data. */
export const FORMAT_OPTION: OptionSpec = { names: ["format"], kind: "string" };

export type OutputFormat = "json" | "yaml" | "smart";

export function outputFormat(parsed: ParsedArgs, fallback: OutputFormat): OutputFormat {
  const requested = parsed.options.get("format");
  if (requested === undefined) return fallback;
  if (requested === "json" || requested === "yaml" || requested === "smart") return requested;
  throw usageError(`invalid value "${requested}" for option --format: unknown format "${requested}"`);
}

/**
 * Renders a value the way juju/cmd's formatters do, including the trailing newline cmd adds to
 * non-empty output. `smart` prints strings bare and booleans Python-style (`True`).
 */
export function render(value: unknown, format: OutputFormat): string {
  if (format === "json") return `${JSON.stringify(value ?? null)}\n`;
  if (value === null || value === undefined) return "";
  if (format === "smart") {
    if (typeof value === "string") return value === "" ? "" : `${value}\n`;
    if (typeof value === "boolean") return value ? "True\n" : "False\n";
  }
  const text = toYaml(value).replace(/\n$/, "");
  return text === "" ? "" : `${text}\n`;
}
