import { describe, expect, it } from "vitest";
import { parseArgs, parseGoBool, rejectExtraArgs } from "./argv.js";
import { HookToolFailure } from "./errors.js";

const SPECS = [
  { names: ["r", "relation"], kind: "string" },
  { names: ["app"], kind: "bool" },
  { names: ["format"], kind: "string" },
] as const;

function failure(fn: () => unknown): HookToolFailure {
  try {
    fn();
  } catch (error) {
    if (error instanceof HookToolFailure) return error;
    throw error;
  }
  throw new Error("expected a HookToolFailure");
}

describe("parseArgs", () => {
  it("accepts short, long, inline and interspersed options like gnuflag", () => {
    const parsed = parseArgs(["key", "-r", "db:1", "--format=json", "--app", "unit/0"], SPECS);
    expect(parsed.options.get("r")).toBe("db:1");
    expect(parsed.options.get("format")).toBe("json");
    expect(parsed.options.get("app")).toBe("true");
    expect(parsed.positionals).toEqual(["key", "unit/0"]);
    expect(parseArgs(["--relation=db:2"], SPECS).options.get("r")).toBe("db:2");
  });

  it("keeps a lone dash as an argument and stops at --", () => {
    const parsed = parseArgs(["-", "--", "--app", "-x"], SPECS);
    expect(parsed.positionals).toEqual(["-", "--app", "-x"]);
    expect(parsed.options.has("app")).toBe(false);
  });

  it("parses Go booleans in --flag=value form", () => {
    expect(parseArgs(["--app=False"], SPECS).options.get("app")).toBe("false");
    expect(parseGoBool("T")).toBe(true);
    expect(parseGoBool("yes")).toBeUndefined();
    expect(failure(() => parseArgs(["--app=maybe"], SPECS)).exitCode).toBe(2);
  });

  it("rejects unknown options with exit 2 and Juju's message", () => {
    const error = failure(() => parseArgs(["--bogus"], SPECS));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("option provided but not defined: --bogus");
    expect(failure(() => parseArgs(["-x"], SPECS)).message).toBe("option provided but not defined: -x");
  });

  it("fails when a value option has no value", () => {
    expect(failure(() => parseArgs(["-r"], SPECS)).message).toBe("option needs an argument: -r");
  });

  it("reports extra arguments in Go's quoted slice form", () => {
    expect(failure(() => rejectExtraArgs(["a", "b c"])).message).toBe('unrecognized args: ["a" "b c"]');
  });
});
