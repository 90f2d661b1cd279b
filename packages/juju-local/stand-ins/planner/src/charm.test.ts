/**
 * The planner stand-in, state by state, against a real planner fake listening where the charm's
 * config says (the fake Pebble runs no process): what it writes is read back with the
 * configurator's reader, the flavors it creates and the actions' effects are read from the fake.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  container,
  Context,
  events,
  fileText,
  getContainer,
  getRelation,
  getSecret,
  relation,
  secret,
  state,
  type State,
} from "@garm-charms/charm-testing";
import { readPlannerProviderData, writePlannerFlavor } from "@garm-charms/interfaces";
import { startPlannerFake, type PlannerFake } from "@garm-charms/planner-fake";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { plannerStandIn, STATUS_CODE_MISSING, STATUS_STANDBY } from "./charm.js";
import { PLANNER_CODE_PATH, PLANNER_TOKEN_PATH, TOKEN_SECRET_LABEL } from "./layout.js";

const MODEL = { name: "local", uuid: "7a1e5c3d-2b4f-4e6a-9c8d-1f0e2d3c4b5a", type: "caas" } as const;
const TOKEN = "Xk3vQ9pL2mN8rT5wY7zA1bC4dE6fG0hJ2kL4mN6pQ8r";
const CODE = "// the planner fake's bundle, as packed\n";

const dir = mkdtempSync(join(tmpdir(), "planner-stand-in-"));
const bundlePath = join(dir, "planner-fake.mjs");
writeFileSync(bundlePath, CODE);

let fake: PlannerFake;
let port: number;

beforeAll(async () => {
  fake = await startPlannerFake({ token: TOKEN, flavors: [] });
  port = Number(new URL(fake.url).port);
});
afterEach(async () => {
  for (const flavor of (await fake.state()).flavors) fake.removeFlavor(flavor.name);
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = new Context(plannerStandIn({ bundlePath, answerTimeoutMs: 2_000 }));
const planner = container({ name: "planner" });

const tokenSecret = secret({
  id: `secret://${MODEL.uuid}/d2plannertoken00000a`,
  owner: "app",
  label: TOKEN_SECRET_LABEL,
  content: { token: TOKEN },
});

const SMALL = writePlannerFlavor({
  flavor: "small",
  labels: ["small", "noble", "x64"],
  platform: "github",
  priority: 50,
  minimumPressure: 1,
}).data;

function configuratorRelation(declared: Record<string, string> = SMALL) {
  return relation({ endpoint: "planner", remoteAppName: "small-runners", remoteAppData: declared });
}

function input(
  rel = configuratorRelation(),
  options: { leader?: boolean; config?: Record<string, string | number> } = {},
): State {
  return state({
    leader: options.leader ?? true,
    model: MODEL,
    config: { port, ...options.config },
    relations: [rel],
    containers: [planner],
    secrets: [tokenSecret],
  });
}

describe("planner stand-in (github_runner_planner_v0 provider)", () => {
  it("answers with endpoint and the token secret's URI, granted to the relation", async () => {
    const rel = configuratorRelation();
    const out = await ctx.run(events.relationChanged(rel), input(rel));
    const bag = getRelation(out, rel.id)?.localAppData ?? {};
    expect(bag).toEqual({ endpoint: `http://127.0.0.1:${String(port)}`, token: tokenSecret.id });
    expect(readPlannerProviderData(bag)).toEqual({
      ok: true,
      value: { endpoint: `http://127.0.0.1:${String(port)}`, tokenSecretUri: tokenSecret.id },
    });
    expect(getSecret(out, { label: TOKEN_SECRET_LABEL })?.grants[rel.id]).toEqual(["small-runners"]);
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("delivers the code, the token file (0600) and a layer that keeps the token out of argv", async () => {
    const out = await ctx.run(events.pebbleReady(planner), input());
    const box = getContainer(out, "planner");
    expect(fileText(box!.files[PLANNER_CODE_PATH]!)).toBe(CODE);
    expect(box!.files[PLANNER_CODE_PATH]!.permissions).toBe("644");
    expect(fileText(box!.files[PLANNER_TOKEN_PATH]!)).toBe(TOKEN);
    expect(box!.files[PLANNER_TOKEN_PATH]!.permissions).toBe("600");
    expect(box!.layers["planner"]).toMatchObject({ services: { planner: { command: expect.any(String) } } });
    expect(JSON.stringify(box!.layers["planner"])).toContain(
      `"command":"/usr/local/bin/node ${PLANNER_CODE_PATH} --port ${String(port)} --host 127.0.0.1 --token-file ${PLANNER_TOKEN_PATH}"`,
    );
    expect(JSON.stringify(box!.layers)).not.toContain(TOKEN);
    expect(box!.serviceStatuses["planner"]).toBe("active");
  });

  it("creates the declared flavor in the planner, and removes undeclared ones", async () => {
    fake.addFlavor({ name: "stale" });
    const rel = configuratorRelation();
    await ctx.run(events.relationChanged(rel), input(rel));
    const flavors = (await fake.state()).flavors;
    expect(flavors.map((f) => [f.name, f.labels, f.priority, f.minimumPressure, f.reported])).toEqual([
      ["small", ["small", "noble", "x64"], 50, 1, 1],
    ]);
  });

  it("re-creates a changed flavor and keeps the pressure set on it", async () => {
    const rel = configuratorRelation();
    const first = await ctx.run(events.relationChanged(rel), input(rel));
    fake.setPressure("small", 4);
    const changed = { ...rel, remoteAppData: { ...SMALL, "minimum-pressure": "2" } };
    await ctx.run(events.relationChanged(changed), { ...first, relations: [changed] });
    const small = (await fake.state()).flavors.find((f) => f.name === "small");
    expect([small?.minimumPressure, small?.pressure]).toEqual([2, 4]);
  });

  it("does not answer a requirer that has written nothing yet", async () => {
    const rel = configuratorRelation({});
    const out = await ctx.run(events.relationJoined(rel, { remoteUnit: "small-runners/0" }), input(rel));
    expect(getRelation(out, rel.id)?.localAppData).toEqual({});
    expect(getSecret(out, { label: TOKEN_SECRET_LABEL })?.grants).toEqual({});
  });

  it("makes a 43-character token once when it has none, and waits while no service answers", async () => {
    const quick = new Context(plannerStandIn({ bundlePath, answerTimeoutMs: 0 }));
    const base = input(configuratorRelation(), { config: { port: 1 } });
    const out = await quick.run(events.install(), { ...base, secrets: [] });
    const made = getSecret(out, { label: TOKEN_SECRET_LABEL });
    const token = made?.revisions.at(-1)?.content["token"] ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fileText(getContainer(out, "planner")!.files[PLANNER_TOKEN_PATH]!)).toBe(token);
    expect(out.unitStatus).toEqual({
      name: "waiting",
      message: "The planner service does not answer on http://127.0.0.1:1 yet",
    });
    const again = await quick.run(events.updateStatus(), out);
    expect(getSecret(again, { label: TOKEN_SECRET_LABEL })?.revisions).toEqual(made?.revisions);
  });

  it("on a non-leader writes nothing, makes no secret and stops a service left running", async () => {
    const rel = configuratorRelation();
    const running = container({
      name: "planner",
      serviceStatuses: { planner: "active" },
      layers: {
        planner: { services: { planner: { override: "replace", command: "x", startup: "enabled" } } },
      },
      files: { [PLANNER_TOKEN_PATH]: { content: TOKEN, permissions: "600" } },
    });
    const base = input(rel, { leader: false });
    const out = await ctx.run(events.relationChanged(rel), { ...base, secrets: [], containers: [running] });
    expect(getRelation(out, rel.id)?.localAppData).toEqual({});
    expect(out.secrets).toEqual([]);
    expect(getContainer(out, "planner")?.serviceStatuses["planner"]).toBe("inactive");
    expect(getContainer(out, "planner")?.files[PLANNER_TOKEN_PATH]).toBeUndefined();
    expect(out.unitStatus).toEqual({ name: "active", message: STATUS_STANDBY });
  });

  it("blocks when the charm carries no planner code", async () => {
    const bare = new Context(plannerStandIn({ bundlePath: join(dir, "missing.mjs") }));
    const out = await bare.run(events.configChanged(), input());
    expect(out.unitStatus).toEqual({ name: "blocked", message: STATUS_CODE_MISSING });
  });
});

describe("planner stand-in actions", () => {
  async function ready(): Promise<State> {
    const rel = configuratorRelation();
    return ctx.run(events.relationChanged(rel), input(rel));
  }

  it("set-pressure sets a declared flavor's pressure and returns what the planner reports", async () => {
    const settled = await ready();
    await ctx.run(events.action("set-pressure", { flavor: "small", pressure: 3 }), settled);
    expect(ctx.actionResults).toEqual({ flavor: "small", pressure: "3" });
    expect((await fake.state()).flavors.find((f) => f.name === "small")?.reported).toBe(3);
    await ctx.run(events.action("set-pressure", { flavor: "small", pressure: 0 }), settled);
    expect(ctx.actionResults).toEqual({ flavor: "small", pressure: "1" });
  });

  it("set-pressure refuses a flavor no requirer declared, naming the ones there are", async () => {
    const settled = await ready();
    await ctx.run(events.action("set-pressure", { flavor: "large", pressure: 3 }), settled);
    expect(ctx.actionFailure).toBe(
      "The planner has no flavor 'large' (it has: 'small'); integrate the application that declares it",
    );
  });

  it("kill-streams ends the open streams", async () => {
    const settled = await ready();
    const response = await fetch(`${fake.url}/api/v1/flavors/_/pressure?stream=true`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const body = response.text();
    await ctx.run(events.action("kill-streams"), settled);
    expect(ctx.actionResults).toEqual({ dropped: "1", mode: "eof" });
    expect(await body).toBe('{"small":1}\n');
  });

  it("fails on a non-leader unit", async () => {
    const settled = await ready();
    await ctx.run(events.action("kill-streams"), { ...settled, leader: false });
    expect(ctx.actionFailure).toBe("Run kill-streams on the leader unit: it runs the planner");
  });
});
