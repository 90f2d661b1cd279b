import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as z from "zod";

import { parseConfiguratorConfig, type RawConfig } from "../src/config.js";
import { VALID_RAW_CONFIG } from "../src/test-support/valid-config.js";

const charmDir = fileURLToPath(new URL("..", import.meta.url));

const optionSchema = z.object({
  type: z.enum(["string", "int", "float", "boolean", "secret"]),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().min(1),
});
const charmcraftSchema = z.object({ config: z.object({ options: z.record(z.string(), optionSchema) }) });

interface TableRow {
  readonly option: string;
  readonly type: string;
  readonly default: string;
  readonly rule: string;
  readonly example: string;
}

function readTable(): TableRow[] {
  const readme = readFileSync(`${charmDir}/README.md`, "utf8");
  const start = readme.indexOf("<!-- config-table:start -->");
  const end = readme.indexOf("<!-- config-table:end -->");
  if (start < 0 || end < start) throw new Error("README.md has no config-table markers");
  const lines = readme
    .slice(start, end)
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2); // header and separator
  return lines.map((line) => {
    const cells = line
      .slice(1, -1)
      .split(" | ")
      .map((cell) => cell.trim());
    const [option = "", type = "", def = "", rule = "", example = ""] = cells;
    return { option: option.replace(/`/gu, ""), type, default: def, rule, example };
  });
}

function readOptions() {
  const text = readFileSync(`${charmDir}/charmcraft.yaml`, "utf8");
  return charmcraftSchema.parse(parse(text)).config.options;
}

describe("README config table", () => {
  const rows = readTable();
  const options = readOptions();

  it("lists exactly the options of charmcraft.yaml, in the same order", () => {
    expect(rows.map((row) => row.option)).toEqual(Object.keys(options));
  });

  it("gives each option the type and default charmcraft.yaml declares", () => {
    for (const row of rows) {
      const option = options[row.option];
      expect(option, row.option).toBeDefined();
      expect(row.type, row.option).toBe(option?.type);
      const expectedDefault = option?.default === undefined ? "—" : `\`${String(option.default)}\``;
      expect(row.default, row.option).toBe(expectedDefault);
    }
  });

  it("gives every option a rule and an example", () => {
    for (const row of rows) {
      expect(row.rule, row.option).not.toBe("");
      expect(row.example, row.option).toMatch(/^`.+`$/u);
    }
  });

  it("declares the relations of the reference charm", () => {
    const meta = z
      .object({
        requires: z.record(z.string(), z.object({ interface: z.string(), limit: z.number().optional() })),
        provides: z.record(z.string(), z.object({ interface: z.string(), limit: z.number().optional() })),
      })
      .parse(parse(readFileSync(`${charmDir}/charmcraft.yaml`, "utf8")));
    expect(meta.requires["image"]).toMatchObject({ interface: "github_runner_image_v0", limit: 1 });
    expect(meta.provides["garm-configurator"]).toMatchObject({ interface: "garm_configurator_v0", limit: 1 });
    expect(meta.requires["planner"]).toMatchObject({ interface: "github_runner_planner_v0", limit: 1 });
  });

  it("says Required exactly for the options charmcraft.yaml and the charm require", () => {
    for (const row of rows) {
      const required = row.rule.startsWith("Required");
      expect(options[row.option]?.description.includes("Required"), row.option).toBe(required);
      const { [row.option]: _unset, ...rest } = VALID_RAW_CONFIG;
      const result = parseConfiguratorConfig(rest);
      const messages = result.ok ? [] : result.problems.map((p) => p.message);
      expect(messages.includes(`${row.option} is required`), row.option).toBe(required);
    }
  });

  it("gives examples the charm accepts", () => {
    for (const row of rows) {
      const text = row.example.slice(1, -1);
      const value = options[row.option]?.type === "int" ? Number(text) : text;
      const raw: RawConfig = {
        ...VALID_RAW_CONFIG,
        ...(row.option === "org" ? { repo: undefined } : {}),
        ...(row.option.startsWith("aproxy-") ? { "runner-http-proxy": "http://proxy.example:3128" } : {}),
        [row.option]: value,
      };
      expect(parseConfiguratorConfig(raw), row.option).toMatchObject({ ok: true });
    }
  });
});
