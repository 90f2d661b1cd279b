/**
 * charmcraft's linters that apply to these charms (`charmcraft/linters.py`), restated so that a
 * pack without charmcraft is held to the same rules. charmcraft refuses to pack when any of them
 * reports `error` or `fatal` (an exception inside the check).
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

import { parse } from "yaml";

export type LintResult = "ok" | "warning" | "error" | "fatal" | "nonapplicable";

export interface LintCheck {
  readonly name: string;
  readonly result: LintResult;
  readonly text: string;
}

function safeLoad(path: string): unknown {
  // PyYAML's safe_load: YAML 1.1, a repeated key keeps the last value.
  return parse(readFileSync(path, "utf8"), { version: "1.1", uniqueKeys: false });
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `metadata`: metadata.yaml exists, is YAML and has name, summary and description. */
export function lintMetadata(charmDir: string): LintCheck {
  const name = "metadata";
  let metadata: unknown;
  try {
    metadata = safeLoad(join(charmDir, "metadata.yaml"));
  } catch (error) {
    const unreadable = (error as NodeJS.ErrnoException).code !== undefined;
    const text = unreadable
      ? "Cannot read the metadata.yaml file."
      : "The metadata.yaml file is not a valid YAML file.";
    return { name, result: "error", text };
  }
  if (!isMapping(metadata)) return { name, result: "fatal", text: "metadata.yaml is not a mapping." };
  const missing = ["name", "summary", "description"].filter((key) => !(key in metadata));
  if (missing.length > 0) {
    return {
      name,
      result: "error",
      text: `The metadata.yaml file is missing the following attribute(s): ${missing.join(", ")}.`,
    };
  }
  if ("series" in metadata) {
    return {
      name,
      result: "warning",
      text: "The metadata.yaml file contains the deprecated attribute: series.",
    };
  }
  return { name, result: "ok", text: "" };
}

/** `juju-config`: config.yaml, when present, has an `options` mapping whose every item has a `type`. */
export function lintJujuConfig(charmDir: string): LintCheck {
  const name = "juju-config";
  const path = join(charmDir, "config.yaml");
  if (!existsSync(path)) return { name, result: "ok", text: "" };
  let content: unknown;
  try {
    content = safeLoad(path);
  } catch {
    return { name, result: "error", text: "The config.yaml file is not a valid YAML file." };
  }
  if (!isMapping(content)) return { name, result: "fatal", text: "config.yaml is not a mapping." };
  const options = content["options"];
  if (!isMapping(options)) {
    return { name, result: "error", text: "Error in config.yaml: must have an 'options' dictionary." };
  }
  for (const option of Object.values(options)) {
    if (!isMapping(option))
      return { name, result: "fatal", text: "config.yaml has an option that is not a mapping." };
    if (!("type" in option)) {
      return {
        name,
        result: "error",
        text: "Error in config.yaml: items under 'options' must have a 'type' key.",
      };
    }
  }
  return { name, result: "ok", text: "" };
}

/** `juju-actions`: actions.yaml, when present, is YAML. */
export function lintJujuActions(charmDir: string): LintCheck {
  const name = "juju-actions";
  const path = join(charmDir, "actions.yaml");
  if (!existsSync(path)) return { name, result: "ok", text: "" };
  try {
    safeLoad(path);
  } catch {
    return { name, result: "error", text: "The actions.yaml file is not a valid YAML file." };
  }
  return { name, result: "ok", text: "Valid actions.yaml file." };
}

interface ShlexState {
  readonly tokens: string[];
  token: string;
  inToken: boolean;
  quote: "'" | '"' | undefined;
}

/** One step inside quotes; returns how many characters it consumed. */
function quotedStep(state: ShlexState, line: string, i: number): number {
  const char = line.charAt(i);
  const next = line.charAt(i + 1);
  if (char === state.quote) {
    state.quote = undefined;
    return 1;
  }
  // Inside double quotes a backslash escapes only `"` and `\`; single quotes escape nothing.
  if (state.quote === '"' && char === "\\" && (next === '"' || next === "\\")) {
    state.token += next;
    return 2;
  }
  state.token += char;
  return 1;
}

/** One step outside quotes; returns how many characters it consumed. */
function unquotedStep(state: ShlexState, line: string, i: number): number {
  const char = line.charAt(i);
  if (/\s/.test(char)) {
    if (state.inToken) state.tokens.push(state.token);
    state.token = "";
    state.inToken = false;
    return 1;
  }
  state.inToken = true;
  if (char === "'" || char === '"') {
    state.quote = char;
    return 1;
  }
  if (char === "\\") {
    if (i + 1 >= line.length) throw new Error("No escaped character");
    state.token += line.charAt(i + 1);
    return 2;
  }
  state.token += char;
  return 1;
}

/** Python's `shlex.split` (POSIX mode, no comments): quotes and backslashes, split on whitespace. */
export function shlexSplit(line: string): string[] {
  const state: ShlexState = { tokens: [], token: "", inToken: false, quote: undefined };
  for (let i = 0; i < line.length;) {
    i += state.quote === undefined ? unquotedStep(state, line, i) : quotedStep(state, line, i);
  }
  if (state.quote !== undefined) throw new Error("No closing quotation");
  if (state.inToken) state.tokens.push(state.token);
  return state.tokens;
}

/** The last token of the last non-empty line of `dispatch`, as a path under the charm dir. */
export function entrypointOf(charmDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(charmDir, "dispatch"), "utf8");
  } catch {
    return undefined;
  }
  const lastLine = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .at(-1);
  if (lastLine === undefined) return undefined;
  const last = shlexSplit(lastLine).at(-1);
  return last === undefined || last === "" ? undefined : join(charmDir, last);
}

/** `entrypoint`: the file dispatch runs exists, is a file and is executable. */
export function lintEntrypoint(charmDir: string): LintCheck {
  const name = "entrypoint";
  let entrypoint: string | undefined;
  try {
    entrypoint = entrypointOf(charmDir);
  } catch (error) {
    return {
      name,
      result: "fatal",
      text: `dispatch's last line does not split: ${(error as Error).message}`,
    };
  }
  if (entrypoint === undefined) {
    return {
      name,
      result: "nonapplicable",
      text: "Cannot find a proper 'dispatch' script pointing to an entrypoint.",
    };
  }
  if (!existsSync(entrypoint))
    return { name, result: "error", text: `Cannot find the entrypoint file: '${entrypoint}'` };
  if (!statSync(entrypoint).isFile())
    return { name, result: "error", text: `The entrypoint is not a file: '${entrypoint}'` };
  try {
    accessSync(entrypoint, constants.X_OK);
  } catch {
    return { name, result: "error", text: `The entrypoint file is not executable: '${entrypoint}'` };
  }
  return { name, result: "ok", text: "" };
}

/** Top-level names charmcraft never reports as additional (generated, mandatory or optional charm files). */
const IGNORED = new Set([
  "bundle.yaml",
  "charmcraft.yaml",
  "manifest.yaml",
  "dispatch",
  "hooks",
  "LICENSE",
  "README.md",
  "icon.svg",
  "lib",
  "templates",
  "version",
  "lxd-profile.yaml",
  "metadata.yaml",
  "actions.yaml",
  "config.yaml",
  "metrics.yaml",
  "mod",
  "actions",
]);

/** Every path (directories too, like Python's `rglob("*")`) under `root`, relative, with `/`. */
function allPaths(root: string, dir = root): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    paths.push(relative(root, full).split(sep).join("/"));
    if (entry.isDirectory()) paths.push(...allPaths(root, full));
  }
  return paths;
}

/** `additional-files`: everything in the charm, bar the ignored names, was staged by a part. */
export function lintAdditionalFiles(charmDir: string, stageDir: string | undefined): LintCheck {
  const name = "additional-files";
  if (stageDir === undefined || !existsSync(stageDir) || !statSync(stageDir).isDirectory()) {
    return {
      name,
      result: "nonapplicable",
      text: "Additional files check not applicable without a build environment.",
    };
  }
  const staged = new Set(allPaths(stageDir));
  const extra = allPaths(charmDir).filter((path) => !IGNORED.has(path) && !staged.has(path));
  if (extra.length > 0) {
    const lines = extra.sort().map((path) => `File '${path}' is not staged but in the charm.`);
    return {
      name,
      result: "error",
      text: `Error: Additional files found in the charm:\n${lines.join("\n")}`,
    };
  }
  return { name, result: "ok", text: "No additional files found in the charm." };
}

export function runLinters(charmDir: string, stageDir: string | undefined): LintCheck[] {
  return [
    lintJujuActions(charmDir),
    lintJujuConfig(charmDir),
    lintMetadata(charmDir),
    lintEntrypoint(charmDir),
    lintAdditionalFiles(charmDir, stageDir),
  ];
}

export function failures(checks: readonly LintCheck[]): LintCheck[] {
  return checks.filter((check) => check.result === "error" || check.result === "fatal");
}
