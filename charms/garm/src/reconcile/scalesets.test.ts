import { describe, expect, it } from "vitest";
import type { Operation } from "./operations.js";
import { templateDescription } from "./ownership.js";
import { diffScalesets, type ScalesetInputs } from "./scalesets.js";
import { planTemplates } from "./templates.js";
import {
  charmedTemplate,
  desiredScaleset,
  noProtection,
  observedScaleset,
  SYSTEM_SCRIPT,
  systemTemplate,
  template,
} from "./test-support/fixtures.js";
import type { DesiredScaleset, ProtectedNames } from "./desired.js";
import type { ScaleSet, Template } from "@garm-charms/garm-client";

function diff(
  desired: DesiredScaleset[],
  observed: ScaleSet[],
  options: { protected?: ProtectedNames; templates?: Template[]; providers?: string[] } = {},
) {
  const templates = planTemplates({
    scalesets: desired,
    observed: options.templates ?? [systemTemplate(), charmedTemplate()],
    systemScript: SYSTEM_SCRIPT,
    sshDebug: undefined,
  });
  const inputs: ScalesetInputs = {
    desired,
    observed,
    protected: options.protected ?? noProtection(),
    providers: new Set(options.providers ?? ["garm-configurator-0", "garm-configurator-1"]),
    templates,
  };
  return diffScalesets(inputs);
}

const kinds = (ops: readonly Operation[]) => ops.map((op) => op.kind);

function onlyUpdate(ops: readonly Operation[]) {
  expect(ops).toHaveLength(1);
  const op = ops[0];
  if (op?.kind !== "update-scaleset") throw new Error(`expected an update, got ${op?.kind}`);
  return op;
}

describe("diffScalesets", () => {
  it("creates a missing scaleset with the charmed template and its extra specs", () => {
    const plan = diff([desiredScaleset()], []);
    expect(plan.operations).toEqual([
      {
        kind: "create-scaleset",
        key: "scaleset:runners",
        after: ["entity:organization:acme", "template:github_linux_charmed"],
        forge: "organization:acme",
        scaleset: desiredScaleset(),
        extraSpecs: {},
        templateName: "github_linux_charmed",
      },
    ]);
  });

  it("puts the aproxy script first and sets disable_updates when a proxy is configured", () => {
    const plan = diff(
      [
        desiredScaleset({
          preInstallScripts: { "pre_install.sh": "echo hi\n" },
          runnerOptions: { httpProxy: "http://proxy.example:3128" },
        }),
      ],
      [],
    );
    const op = plan.operations[0];
    if (op?.kind !== "create-scaleset") throw new Error("expected a create");
    expect(op.extraSpecs.disable_updates).toBe(true);
    expect(Object.keys(op.extraSpecs.pre_install_scripts as object)).toEqual(["00-aproxy", "pre_install.sh"]);
  });

  it("changes nothing when GARM matches (labels in another order, omitted group read as Default)", () => {
    const plan = diff([desiredScaleset()], [observedScaleset({ labels: ["x64", "noble"], runnerGroup: "" })]);
    expect(plan.operations).toEqual([]);
    expect(plan.templateReferences.get(10)).toBe("stays");
  });

  it.each([
    ["image", { image: "image-2" }, { image: "image-2" }],
    ["flavor", { flavor: "m1.xlarge" }, { flavor: "m1.xlarge" }],
    ["runner_group", { runnerGroup: "gpu" }, { runnerGroup: "gpu" }],
  ] as const)("updates only a drifted %s", (field, desiredChange, changes) => {
    const op = onlyUpdate(diff([desiredScaleset(desiredChange)], [observedScaleset()]).operations);
    expect(op.changes).toEqual(changes);
    expect(op.drifted).toEqual([field]);
    expect(op.templateName).toBeUndefined();
  });

  it.each([
    ["min_idle_runners", { minIdleRunners: 2 }, {}],
    ["max_runners", { maxRunners: 9 }, {}],
    [
      "min_idle_runners above the current max_runners",
      { minIdleRunners: 7, maxRunners: 8 },
      { maxRunners: 5 },
    ],
  ] as const)(
    "updates a drifted %s with both counts, so GARM validates the desired pair",
    (_f, want, had) => {
      const desired = desiredScaleset(want);
      const op = onlyUpdate(diff([desired], [observedScaleset(had)]).operations);
      expect(op.changes).toEqual({ minIdleRunners: desired.minIdleRunners, maxRunners: desired.maxRunners });
      expect(op.changes.minIdleRunners).toBeLessThanOrEqual(op.changes.maxRunners ?? -1);
      expect(op.drifted).toEqual(["min_idle_runners/max_runners"]);
    },
  );

  it("sends only the drifted fields when several drift at once", () => {
    const op = onlyUpdate(
      diff(
        [desiredScaleset({ image: "image-2", runnerGroup: "gpu" })],
        [observedScaleset({ enabled: false })],
      ).operations,
    );
    expect(op.changes).toEqual({ image: "image-2", enabled: true, runnerGroup: "gpu" });
    expect(op.drifted).toEqual(["image", "enabled", "runner_group"]);
  });

  it("re-enables a disabled scaleset", () => {
    const op = onlyUpdate(diff([desiredScaleset()], [observedScaleset({ enabled: false })]).operations);
    expect(op.changes).toEqual({ enabled: true });
  });

  it("sends min idle and max runners together, so lowering max below the current min stays valid", () => {
    const op = onlyUpdate(
      diff(
        [desiredScaleset({ minIdleRunners: 1, maxRunners: 2 })],
        [observedScaleset({ minIdleRunners: 4, maxRunners: 8 })],
      ).operations,
    );
    expect(op.changes).toEqual({ minIdleRunners: 1, maxRunners: 2 });
  });

  it("updates extra specs when the pre-install scripts change, and clears them with {}", () => {
    const withScript = onlyUpdate(
      diff([desiredScaleset({ preInstallScripts: { "pre_install.sh": "echo new\n" } })], [observedScaleset()])
        .operations,
    );
    expect(withScript.changes.extraSpecs).toEqual({
      pre_install_scripts: { "pre_install.sh": Buffer.from("echo new\n").toString("base64") },
    });
    const cleared = onlyUpdate(
      diff([desiredScaleset()], [observedScaleset({ extraSpecs: { disable_updates: true } })]).operations,
    );
    expect(cleared.changes).toEqual({ extraSpecs: {} });
  });

  it("points the scaleset at its own template when runner options need one", () => {
    const plan = diff(
      [desiredScaleset({ runnerOptions: { dockerhubMirror: "https://mirror.example" } })],
      [observedScaleset()],
    );
    const op = onlyUpdate(plan.operations);
    expect(op.templateName).toBe("github_linux-runners");
    expect(op.after).toEqual(["template:github_linux-runners"]);
    expect(plan.templateReferences.get(10)).toEqual(["scaleset:runners"]);
  });

  it("detaches from its own template back to the charmed template when the options are cleared", () => {
    const own = template({
      id: 11,
      name: "github_linux-runners",
      description: templateDescription("x", "y"),
    });
    const plan = diff([desiredScaleset()], [observedScaleset({ templateId: 11 })], {
      templates: [systemTemplate(), charmedTemplate(), own],
    });
    const op = onlyUpdate(plan.operations);
    expect(op.templateName).toBe("github_linux_charmed");
    expect(plan.templateReferences.get(11)).toEqual(["scaleset:runners"]);
  });

  it.each([
    ["labels", desiredScaleset({ labels: ["jammy", "x64"] }), "labels"],
    ["os_arch", desiredScaleset({ osArch: "arm64" }), "os_arch"],
    ["provider", desiredScaleset({ providerName: "garm-configurator-1" }), "provider"],
    [
      "entity",
      desiredScaleset({ entity: { kind: "organization", name: "other" } }),
      "organization acme -> other",
    ],
  ])("re-creates the scaleset when %s changes", (_field, desired, reason) => {
    const plan = diff([desired], [observedScaleset()]);
    expect(kinds(plan.operations)).toEqual(["recreate-scaleset"]);
    const op = plan.operations[0];
    if (op?.kind !== "recreate-scaleset") throw new Error("expected a re-create");
    expect(op.id).toBe(1);
    expect(op.reason).toContain(reason);
  });

  it("deletes the charm's scalesets no unit wants any more", () => {
    const plan = diff([], [observedScaleset({ id: 7, name: "gone" })]);
    expect(plan.operations).toEqual([
      {
        kind: "delete-scaleset",
        key: "scaleset:gone",
        after: [],
        forge: "organization:acme",
        id: 7,
        name: "gone",
        alreadyDisabled: false,
      },
    ]);
    expect(plan.entityReferences.get("organization:acme")).toEqual(["scaleset:gone"]);
  });

  it("does not disable again a scaleset an earlier pass disabled (its runners are draining)", () => {
    const draining = observedScaleset({ id: 7, name: "gone", enabled: false, minIdleRunners: 0 });
    const plan = diff([], [draining]);
    expect(plan.operations).toMatchObject([{ kind: "delete-scaleset", id: 7, alreadyDisabled: true }]);
    const idleKept = diff([], [observedScaleset({ id: 7, name: "gone", enabled: false, minIdleRunners: 1 })]);
    expect(idleKept.operations).toMatchObject([{ kind: "delete-scaleset", alreadyDisabled: false }]);
  });

  it("never touches a scaleset made by hand, even with a desired name, and says so", () => {
    const foreign = observedScaleset({ id: 3, templateId: 2, image: "other" });
    const plan = diff(
      [desiredScaleset()],
      [foreign, observedScaleset({ id: 4, name: "hand", templateId: 2 })],
    );
    expect(plan.operations).toEqual([]);
    expect(plan.problems.map((p) => p.subject)).toEqual(["scaleset runners"]);
    expect(plan.entityReferences.get("organization:acme")).toBe("stays");
  });

  it("leaves protected scalesets alone, by name or by the not-ready unit's provider", () => {
    const protectedNames = {
      ...noProtection(),
      scalesets: new Set(["a"]),
      providers: new Set(["garm-configurator-1"]),
    };
    const plan = diff(
      [],
      [
        observedScaleset({ id: 1, name: "a" }),
        observedScaleset({ id: 2, name: "b", providerName: "garm-configurator-1" }),
      ],
      { protected: protectedNames },
    );
    expect(plan.operations).toEqual([]);
    expect(plan.templateReferences.get(10)).toBe("stays");
  });

  it("waits for an unregistered provider without touching the existing scaleset", () => {
    const plan = diff([desiredScaleset({ image: "new" })], [observedScaleset()], { providers: [] });
    expect(plan.operations).toEqual([]);
    expect(plan.problems[0]?.severity).toBe("waiting");
  });
});
