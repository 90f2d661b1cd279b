import { describe, expect, it } from "vitest";
import { runHarnessPipeline } from "./harness-pipeline.js";
import { DEMO_SCALESET } from "./test-support/demo-runners.js";

describe("harness pipeline: configurator -> relation -> garm charm -> GARM fake", () => {
  it("creates the scaleset with its per-scaleset template, then writes nothing on an unchanged hook", async () => {
    const lines: string[] = [];
    const outcome = await runHarnessPipeline((line) => lines.push(line));

    expect(outcome.configuratorUnitStatus.name).toBe("active");
    expect(outcome.garmUnitStatus).toEqual({ name: "active", message: "" });

    // Bootstrap then objects in dependency order: credential, org, templates, scaleset.
    expect(outcome.firstRunWrites.filter((w) => w.endsWith("/scalesets"))).toHaveLength(1);
    expect(outcome.firstRunWrites.indexOf("PUT /api/v1/controller")).toBeLessThan(
      outcome.firstRunWrites.indexOf("POST /api/v1/github/credentials"),
    );
    expect(outcome.secondRunWrites).toEqual([]);

    const s = outcome.scaleset;
    expect(s).toMatchObject({
      ...DEMO_SCALESET,
      providerName: "garm-configurator-0",
      image: "6b1f0c1e-6f7d-4a7e-9d3a-1d2e3f4a5b6c",
    });
    expect([...s.labels].sort()).toEqual(["demo", "noble", "x64"]);
    // The proxy reaches runners as the aproxy pre-install script, before anything else.
    expect(Object.keys(s.extraSpecs.pre_install_scripts ?? {})).toEqual(["00-aproxy"]);

    expect(outcome.templateName).toBe("github_linux-demo-runners");
    expect(outcome.templateHead[0]).toBe("#!/bin/bash");
    expect(outcome.templateHead.join("\n")).toContain("registry-mirror.example.com");

    const printed = lines.join("\n");
    for (const value of outcome.secretValues) expect(printed).not.toContain(value);
  });
});
