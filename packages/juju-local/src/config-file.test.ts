import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { configFile } from "./config-file.js";

const dir = mkdtempSync(join(tmpdir(), "config-file-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("deploy --config <file>", () => {
  it("takes a flat map, and the application's section of a sectioned one", () => {
    expect(configFile(file("flat.yaml", "name: demo\nmax-runner: 4\n"), "runners")).toEqual({
      name: "demo",
      "max-runner": "4",
    });
    const sectioned = file("sectioned.yaml", "runners:\n  name: demo\n  debug: true\nother:\n  x: 1\n");
    expect(configFile(sectioned, "runners")).toEqual({ name: "demo", debug: "true" });
  });

  it("refuses what is not a map of option values, naming the file", () => {
    expect(() => configFile(file("list.yaml", "- a\n- b\n"), "runners")).toThrow(
      /list\.yaml" is not a YAML map/,
    );
    expect(() => configFile(file("deep.yaml", "a:\n  b:\n    c: 1\n"), "a")).toThrow(/not a YAML map/);
    expect(() => configFile(file("other.yaml", "name: x\nother:\n  y: 1\n"), "runners")).toThrow(
      /mixes option values/,
    );
    expect(() => configFile(join(dir, "missing.yaml"), "runners")).toThrow(/cannot read config file/);
  });
});
