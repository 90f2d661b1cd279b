import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parse } from "yaml";
import { describe, expect, it } from "vitest";

import {
  CHARMCRAFT_FORMAT_VERSION,
  generatedFiles,
  metadataOf,
  pythonIsoformat,
  readProject,
  type CharmcraftProject,
} from "./charmcraft-project.js";
import { ProjectFileError } from "./errors.js";

const PROJECT_YAML = `
type: charm
name: demo
title: Demo charm
summary: A demo.
description: |
  Two lines
  of description.
links:
  contact: Someone <someone@example.com>
  documentation: https://example.com/docs
  issues: https://example.com/issues
  source: [https://example.com/src]
base: ubuntu@24.04
platforms:
  amd64:
assumes: [k8s-api]
containers:
  app: {resource: app-image}
resources:
  app-image: {type: oci-image}
requires:
  db: {interface: pg, limit: 1}
parts:
  charm: {plugin: dump, source: build/payload}
config:
  options:
    port: {type: int, default: 8080, description: Port.}
actions:
  backup: {description: Back up.}
`;

function projectFrom(text: string): CharmcraftProject {
  const dir = mkdtempSync(join(tmpdir(), "charm-pack-project-"));
  writeFileSync(join(dir, "charmcraft.yaml"), text);
  return readProject(join(dir, "charmcraft.yaml"));
}

const STARTED = new Date("2026-12-06T08:31:00.123Z");

describe("metadata.yaml", () => {
  it("takes charmcraft's metadata keys, title as display-name and links as docs/maintainers/issues/source", () => {
    expect(metadataOf(projectFrom(PROJECT_YAML))).toEqual({
      name: "demo",
      "display-name": "Demo charm",
      summary: "A demo.",
      description: "Two lines\nof description.\n",
      maintainers: ["Someone <someone@example.com>"],
      docs: "https://example.com/docs",
      issues: "https://example.com/issues",
      source: ["https://example.com/src"],
      assumes: ["k8s-api"],
      containers: { app: { resource: "app-image" } },
      resources: { "app-image": { type: "oci-image" } },
      requires: { db: { interface: "pg", limit: 1 } },
    });
  });

  it("is written with sorted keys and never carries type, base, platforms, parts, config or actions", () => {
    const text = generatedFiles(projectFrom(PROJECT_YAML), {
      startedAt: STARTED,
      architectures: ["amd64"],
    }).get("metadata.yaml")!;
    const keys = Object.keys(parse(text) as object);
    expect(keys).toEqual([...keys].sort());
    for (const key of ["type", "base", "platforms", "parts", "config", "actions", "title", "links"]) {
      expect(keys).not.toContain(key);
    }
  });
});

describe("config.yaml and actions.yaml", () => {
  it("are the project's config and actions sections, dumped as they are", () => {
    const files = generatedFiles(projectFrom(PROJECT_YAML), { startedAt: STARTED, architectures: ["amd64"] });
    expect(parse(files.get("config.yaml")!)).toEqual({
      options: { port: { type: "int", default: 8080, description: "Port." } },
    });
    expect(parse(files.get("actions.yaml")!)).toEqual({ backup: { description: "Back up." } });
  });

  it("are not written when the project has no config or actions", () => {
    const bare = PROJECT_YAML.replace(/\nconfig:[\s\S]*$/, "\n");
    const files = generatedFiles(projectFrom(bare), { startedAt: STARTED, architectures: ["amd64"] });
    expect([...files.keys()].sort()).toEqual(["manifest.yaml", "metadata.yaml"]);
  });
});

describe("manifest.yaml", () => {
  it("has charmcraft's keys in charmcraft's order, the base from base and platforms, unknown language", () => {
    const text = generatedFiles(projectFrom(PROJECT_YAML), {
      startedAt: STARTED,
      architectures: ["amd64"],
    }).get("manifest.yaml");
    expect(text).toBe(
      [
        `charmcraft-version: ${CHARMCRAFT_FORMAT_VERSION}`,
        "charmcraft-started-at: '2026-12-06T08:31:00.123000'",
        "bases:",
        "- name: ubuntu",
        "  channel: '24.04'",
        "  architectures:",
        "  - amd64",
        "analysis:",
        "  attributes:",
        "  - name: language",
        "    result: unknown",
        "  - name: framework",
        "    result: unknown",
        "",
      ].join("\n"),
    );
  });

  it("prints the start time as Python's isoformat does, without a fraction on a whole second", () => {
    expect(pythonIsoformat(new Date("2026-01-02T03:04:05.000Z"))).toBe("2026-01-02T03:04:05");
  });
});

describe("readProject", () => {
  it("refuses a charmcraft.yaml without a summary, naming the field", () => {
    expect(() => projectFrom(PROJECT_YAML.replace("summary: A demo.\n", ""))).toThrow(ProjectFileError);
    expect(() => projectFrom(PROJECT_YAML.replace("summary: A demo.\n", ""))).toThrow(/summary/);
  });
});
