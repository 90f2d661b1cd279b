import { describe, expect, it } from "vitest";
import { INJECTED_BLOCK_MARKER } from "../runner-template/index.js";
import { templateDescription } from "./ownership.js";
import { planTemplateDeletes, planTemplates, type TemplateInputs } from "./templates.js";
import {
  charmedTemplate,
  desiredScaleset,
  SYSTEM_SCRIPT,
  systemTemplate,
  template,
} from "./test-support/fixtures.js";

const SSH = { host: "10.0.0.5", port: 10022, rsaFingerprint: "SHA256:rsa", ed25519Fingerprint: "SHA256:ed" };
const mirror = { dockerhubMirror: "https://mirror.example:5000" };

function plan(overrides: Partial<TemplateInputs> = {}) {
  return planTemplates({
    scalesets: [],
    observed: [systemTemplate(), charmedTemplate()],
    systemScript: SYSTEM_SCRIPT,
    sshDebug: undefined,
    ...overrides,
  });
}

describe("planTemplates: the charmed base", () => {
  it("creates github_linux_charmed as a copy of the system template", () => {
    const result = plan({ observed: [systemTemplate()] });
    expect(result.operations).toHaveLength(1);
    const op = result.operations[0];
    if (op?.kind !== "create-template") throw new Error("expected a create");
    expect(op.name).toBe("github_linux_charmed");
    expect(op.script).toBe(SYSTEM_SCRIPT);
    expect(op.description).toMatch(/^Managed by the garm charm: .*content sha256:[0-9a-f]{16}\)$/);
    expect(result.charmedAvailable).toBe(true);
  });

  it("changes nothing when the charmed template already holds the rendering", () => {
    expect(plan().operations).toEqual([]);
  });

  it("adds the tmate settings after the shebang when debug-ssh is related", () => {
    const result = plan({ sshDebug: SSH });
    const op = result.operations[0];
    if (op?.kind !== "update-template") throw new Error("expected an update");
    expect(op.id).toBe(10);
    expect(op.script.startsWith("#!/bin/bash\n# garm charm: tmate server")).toBe(true);
    expect(op.script).toContain("TMATE_SERVER_HOST=10.0.0.5\nTMATE_SERVER_PORT=10022\n");
    expect(op.script.indexOf("TMATE")).toBeLessThan(op.script.indexOf("set -e"));
  });

  it("keeps every charm template as it is while GARM's system template is missing", () => {
    const own = template({
      id: 11,
      name: "github_linux-runners",
      description: templateDescription("x", "y"),
    });
    const result = plan({
      scalesets: [desiredScaleset({ runnerOptions: mirror })],
      observed: [charmedTemplate(), own],
      systemScript: undefined,
    });
    expect(result.operations).toEqual([]);
    expect(result.choices.get("runners")).toEqual({ kind: "keep" });
    expect(result.problems[0]?.severity).toBe("waiting");
    expect(planTemplateDeletes(result, new Map([[11, "stays"]]), new Set())).toEqual([]);
  });

  it("reports a hand-made github_linux_charmed and leaves it alone", () => {
    const result = plan({ observed: [systemTemplate(), template({ id: 9, name: "github_linux_charmed" })] });
    expect(result.operations).toEqual([]);
    expect(result.charmedAvailable).toBe(false);
    expect(result.problems[0]?.severity).toBe("blocked");
  });

  it("adopts the Python charm's charmed template and rewrites it once with a fingerprint", () => {
    const legacy = template({
      id: 10,
      name: "github_linux_charmed",
      description: "Charmed GitHub Linux template managed by the GARM charm",
    });
    const result = plan({ observed: [systemTemplate(), legacy] });
    expect(result.ownedById.has(10)).toBe(true);
    expect(result.operations.map((op) => op.kind)).toEqual(["update-template"]);
  });
});

describe("planTemplates: per-scaleset templates", () => {
  it("uses the charmed template for a scaleset without template options", () => {
    const result = plan({
      scalesets: [desiredScaleset({ runnerOptions: { httpProxy: "http://proxy:3128" } })],
    });
    expect(result.choices.get("runners")).toEqual({ kind: "use", name: "github_linux_charmed" });
    expect(result.operations).toEqual([]);
  });

  it("creates github_linux-<scaleset> rendered from the charmed base", () => {
    const result = plan({ scalesets: [desiredScaleset({ runnerOptions: mirror })], sshDebug: SSH });
    const create = result.operations.find((op) => op.kind === "create-template");
    if (create?.kind !== "create-template") throw new Error("expected a create");
    expect(create.name).toBe("github_linux-runners");
    expect(create.script).toContain(INJECTED_BLOCK_MARKER);
    expect(create.script).toContain("mirror.example:5000");
    expect(create.script).toContain("TMATE_SERVER_HOST=10.0.0.5");
    expect(result.choices.get("runners")).toEqual({ kind: "use", name: "github_linux-runners" });
  });

  it("updates the template in place only when the rendering changed", () => {
    const first = plan({ scalesets: [desiredScaleset({ runnerOptions: mirror })] });
    const create = first.operations[0];
    if (create?.kind !== "create-template") throw new Error("expected a create");
    const stored = template({ id: 11, name: create.name, description: create.description });
    const observed = [systemTemplate(), charmedTemplate(), stored];
    expect(plan({ scalesets: [desiredScaleset({ runnerOptions: mirror })], observed }).operations).toEqual(
      [],
    );
    const changed = plan({
      scalesets: [desiredScaleset({ runnerOptions: { dockerhubMirror: "https://other.example" } })],
      observed,
    });
    expect(changed.operations.map((op) => [op.kind, "id" in op ? op.id : undefined])).toEqual([
      ["update-template", 11],
    ]);
  });

  it("leaves a scaleset alone when a hand-made template holds its template name", () => {
    const result = plan({
      scalesets: [desiredScaleset({ runnerOptions: mirror })],
      observed: [
        systemTemplate(),
        charmedTemplate(),
        template({ id: 12, name: "github_linux-runners", description: "mine" }),
      ],
    });
    expect(result.blockedScalesets.has("runners")).toBe(true);
    expect(result.operations).toEqual([]);
  });
});

describe("planTemplateDeletes", () => {
  const own = template({ id: 11, name: "github_linux-old", description: templateDescription("x", "y") });
  const base = () =>
    plan({
      observed: [systemTemplate(), charmedTemplate(), own, template({ id: 12, name: "github_linux-hand" })],
    });

  it("deletes an unused template of the charm after the scalesets that let go of it", () => {
    expect(planTemplateDeletes(base(), new Map([[11, ["scaleset:old"]]]), new Set())).toEqual([
      {
        kind: "delete-template",
        key: "template:github_linux-old",
        after: ["scaleset:old"],
        id: 11,
        name: "github_linux-old",
      },
    ]);
  });

  it("keeps it while a scaleset stays on it, or while its unit is not ready", () => {
    expect(planTemplateDeletes(base(), new Map([[11, "stays"]]), new Set())).toEqual([]);
    expect(planTemplateDeletes(base(), new Map(), new Set(["github_linux-old"]))).toEqual([]);
  });

  it("never deletes the charmed base or templates made by hand", () => {
    const deletes = planTemplateDeletes(base(), new Map(), new Set());
    expect(deletes.map((op) => ("name" in op ? op.name : ""))).toEqual(["github_linux-old"]);
  });
});
