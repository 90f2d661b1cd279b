import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { actionParams, actionParamsFile } from "./action-params.js";

describe("juju run key=value parameters", () => {
  it("parses each value as YAML, as juju run does: set-pressure pressure=3 is the integer 3", () => {
    expect(actionParams(["flavor=small", "pressure=3", "ratio=0.5", "force=true", "mode=eof"])).toEqual({
      flavor: "small",
      pressure: 3,
      ratio: 0.5,
      force: true,
      mode: "eof",
    });
  });

  it("keeps every value a string with --string-args, and an empty value as the empty string", () => {
    expect(actionParams(["pressure=3", "force=true"], { stringArgs: true })).toEqual({
      pressure: "3",
      force: "true",
    });
    expect(actionParams(["note="])).toEqual({ note: "" });
    expect(actionParams(["url=http://x:1/a=b"])).toEqual({ url: "http://x:1/a=b" });
  });

  it("nests dotted keys, as juju run's key.key=value", () => {
    expect(actionParams(["outer.inner=1", "outer.other=x"])).toEqual({ outer: { inner: 1, other: "x" } });
  });

  it("refuses an argument without a key", () => {
    expect(() => actionParams(["=3"])).toThrow('expected "key=value", got "=3"');
    expect(() => actionParams(["pressure"])).toThrow('expected "key=value"');
  });
});

describe("juju run --params <file>", () => {
  it("reads a YAML map and refuses anything else, naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "action-params-"));
    const good = join(dir, "good.yaml");
    writeFileSync(good, "pressure: 3\nflavor: small\n");
    expect(actionParamsFile(good)).toEqual({ pressure: 3, flavor: "small" });
    const list = join(dir, "list.yaml");
    writeFileSync(list, "- 1\n");
    expect(() => actionParamsFile(list)).toThrow(/list\.yaml" is not a YAML map/);
    expect(() => actionParamsFile(join(dir, "missing.yaml"))).toThrow(/cannot read params file/);
  });
});
