/**
 * `./scripts/demo`: the packed charms and stand-in peers on the local Juju model, run as the demo
 * runs (the same function), its printed output checked, the model's secrets read back before the
 * demo destroys it, and no process of the model left afterwards.
 */
import type { LocalJuju, StatusDoc } from "@garm-charms/juju-local/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { unitStatuses } from "./local-demo/wait.js";
import { runLocalDemo, type DemoOutcome } from "./local-demo/run.js";
import { DEMO_SCALESET } from "./test-support/demo-runners.js";

const secretsDoc = (juju: LocalJuju): string[] => Object.keys(juju.json<Record<string, unknown>>("secrets"));

/** Every value of every secret in the model (user and charm secrets), as `show-secret --reveal` gives it. */
function revealAll(juju: LocalJuju): string[] {
  return secretsDoc(juju).flatMap((id) => {
    const doc = juju.json<Record<string, { content?: Record<string, string> }>>(
      "show-secret",
      id,
      "--reveal",
    );
    return Object.values(doc).flatMap((s) => Object.values(s.content ?? {}));
  });
}

/** Another local model's GARM (another test file) may hold port 8080 for a while: wait for it. */
const PORT_WAIT_MS = 300_000;

describe("the demo on the local Juju model", { timeout: 600_000 }, () => {
  let outcome: DemoOutcome;
  let printed = "";
  let modelSecrets: string[] = [];

  beforeAll(async () => {
    const lines: string[] = [];
    outcome = await runLocalDemo({
      print: (line) => lines.push(line),
      portWaitMs: PORT_WAIT_MS,
      beforeCleanup: (juju) => {
        modelSecrets = revealAll(juju);
      },
    });
    printed = lines.join("\n");
  }, 600_000);

  it("brings every unit to active and prints the status table", () => {
    const units = (s: StatusDoc) => unitStatuses(s).map((u) => [u.unit, u.workload, u.agent, u.message]);
    const expected = [
      ["garm/0", "active", "idle", ""],
      ["postgresql/0", "active", "idle", ""],
      ["runners/0", "active", "idle", "Ready"],
      ["image-builder/0", "active", "idle", ""],
    ];
    expect(units(outcome.status)).toEqual(expected);
    expect(units(outcome.statusAfterUpdate)).toEqual(expected);
    expect(printed).toMatch(/^App +Version +Status +Scale +Charm/m);
    expect(printed).toMatch(/^garm\/0\* +active +idle/m);
    expect(printed).toMatch(/^runners:garm-configurator +garm:garm-configurator +garm_configurator_v0/m);
  });

  it("prints the scale set GARM holds, made from the configurator's options and the image builder's image", () => {
    expect(outcome.garm.scaleset).toMatchObject({
      ...DEMO_SCALESET,
      providerName: "runners-0",
      image: "fake-openstack-image-uuid",
    });
    expect([...outcome.garm.scaleset.labels].sort()).toEqual(["demo", "noble", "x64"]);
    expect(printed).toContain(
      "demo-runners: provider runners-0, image fake-openstack-image-uuid, flavor m1.large, linux/amd64, min idle 1, max 4",
    );
    expect(printed).toContain("pre-install scripts: 00-aproxy");
  });

  it("prints the head of the scale set's template, with the runner options in it", () => {
    expect(outcome.garm.templateName).toBe("github_linux-demo-runners");
    expect(outcome.garm.templateHead[0]).toBe("#!/bin/bash");
    expect(outcome.garm.templateHead.join("\n")).toContain("registry-mirror.example.com");
    expect(printed).toContain("    | #!/bin/bash");
    expect(printed).toContain(
      `template: github_linux-demo-runners (id ${String(outcome.garm.scaleset.templateId)})`,
    );
  });

  it("shows that update-status wrote nothing to GARM (it did log in, so it ran)", () => {
    const requests = outcome.updateStatusRequests;
    expect(requests.filter((r) => r.path === "/api/v1/auth/login")).toHaveLength(1);
    expect(requests.filter((r) => r.method !== "GET" && r.path !== "/api/v1/auth/login")).toEqual([]);
    expect(printed).toMatch(
      /GARM's access log during update-status: \d+ requests \(1 login, \d+ reads\), 0 writes/,
    );
  });

  it("prints no secret value: neither its own secrets nor any secret the charms made", () => {
    const values = [outcome.secrets.openstackPassword, outcome.secrets.githubAppKey, ...modelSecrets];
    // The user secrets, postgresql's user, garm's admin credentials and its other secrets.
    expect(modelSecrets.length).toBeGreaterThanOrEqual(5);
    for (const value of values.filter((v) => v.length >= 8)) expect(printed).not.toContain(value);
    expect(printed).not.toContain("PRIVATE KEY");
  });

  it("destroys the model and leaves no process behind, and says how long it took", () => {
    expect(outcome.leftPids).toEqual([]);
    expect(printed).toContain("Model destroyed: no process of it is left.");
    expect(printed).toMatch(/Done in \d+\.\d s\.$/);
  });
});
