import { PermissionDeniedError, RelationDataAccessError } from "@garm-charms/charm-runtime";
import type { HookContext } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { container, fileText, relation, secret, state } from "./builders.js";
import { InconsistentStateError } from "./consistency.js";
import { Context, ExpectedFailureError, UncaughtCharmError } from "./context.js";
import { events } from "./events.js";
import { parseCharmMeta } from "./meta.js";
import type { State } from "./state.js";

const meta = parseCharmMeta({
  name: "demo",
  requires: { db: { interface: "pg", limit: 1 } },
  provides: { website: { interface: "http" } },
  config: { options: { name: { type: "string", default: "world" }, size: { type: "int" } } },
});

const containerMeta = parseCharmMeta({
  name: "demo",
  containers: { web: {} },
  requires: { db: { interface: "pg", limit: 1 } },
});

class Boom extends Error {
  constructor() {
    super("boom after writing");
    this.name = "Boom";
  }
}

const db = relation({ endpoint: "db", id: 1, remoteAppName: "pg", remoteAppData: { host: "pg.local" } });
const base = state({
  leader: true,
  relations: [db],
  openedPorts: [{ protocol: "tcp", port: 22 }],
  storedState: { a: "1" },
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A charm that does `write` and then throws. */
function failingAfter(write: (ctx: HookContext) => Promise<void>) {
  return async (ctx: HookContext) => {
    await write(ctx);
    throw new Boom();
  };
}

async function failureOf(write: (ctx: HookContext) => Promise<void>, input: State = base) {
  const ctx = new Context(failingAfter(write), { meta });
  const error = await ctx.runToFailure(events.updateStatus(), input);
  return { ctx, error };
}

describe("Context.run", () => {
  it("hands the charm the hook environment and config with meta defaults", async () => {
    let seen: unknown;
    const ctx = new Context(
      async (hook) => {
        seen = await hook.config(z.object({ name: z.string(), size: z.number().optional() }));
      },
      { meta, unitId: 3 },
    );
    await ctx.run(events.configChanged(), state({ config: { size: 2 } }));
    expect(seen).toEqual({ name: "world", size: 2 });
    expect(ctx.env).toMatchObject({ JUJU_DISPATCH_PATH: "hooks/config-changed", JUJU_UNIT_NAME: "demo/3" });
    expect(ctx.hookToolCalls).toContainEqual({ tool: "config-get", args: ["--format=json"] });
  });

  it("commits every buffered write when the hook succeeds", async () => {
    const ctx = new Context(
      async (hook) => {
        const rel = await hook.eventRelation();
        await rel?.localUnitData.update({ ready: "yes" });
        await hook.openPort({ protocol: "tcp", port: 8080 });
        await hook.stateSet({ b: "2" });
        await hook.addSecret({ token: "abc123" }, { label: "tok" });
      },
      { meta },
    );
    const out = await ctx.run(events.relationChanged(db), base);
    expect(out.relations[0]?.localUnitData).toMatchObject({ ready: "yes" });
    expect(out.openedPorts).toEqual([
      { protocol: "tcp", port: 22 },
      { protocol: "tcp", port: 8080 },
    ]);
    expect(out.storedState).toEqual({ a: "1", b: "2" });
    expect(out.secrets.map((s) => s.label)).toEqual(["tok"]);
    expect(ctx.error).toBeUndefined();
  });

  it("never mutates its input state", async () => {
    const owned = secret({ owner: "app", label: "mine", content: { key: "v1" } });
    const web = container({ name: "web", files: { "/etc/a.conf": { content: "a", permissions: "644" } } });
    const original = { ...base, secrets: [owned], containers: [web] };
    const input = deepFreeze(structuredClone(original));
    const ctx = new Context(
      async (hook) => {
        await (await hook.relation("db"))?.localAppData.update({ x: "y" });
        await hook.stateSet({ z: "1" });
        await (await hook.getSecret({ label: "mine" })).setContent({ key: "v2" });
        await hook.container("web").pebble.push("/etc/a.conf", "b");
      },
      { meta: containerMeta },
    );
    const out = await ctx.run(events.updateStatus(), input);
    expect(input).toEqual(original);
    expect(out.secrets[0]?.revisions).toHaveLength(2);
    const file = out.containers[0]?.files["/etc/a.conf"];
    expect(file && fileText(file)).toBe("b");
    expect(out).not.toBe(input);
    expect(out.relations[0]?.localAppData).toEqual({ x: "y" });
  });

  it("rejects with UncaughtCharmError carrying the charm's error and the resulting state", async () => {
    const { ctx, error } = await failureOf(async () => {});
    expect(error).toBeInstanceOf(UncaughtCharmError);
    expect(error.cause).toBeInstanceOf(Boom);
    expect(error.message).toBe("the charm failed in update-status: Boom: boom after writing");
    expect(error.state).toEqual(base);
    expect(ctx.error).toBe(error.cause);
    await expect(
      new Context(
        failingAfter(async () => {}),
        { meta },
      ).run(events.install(), base),
    ).rejects.toThrow(UncaughtCharmError);
  });

  it("fails an action whose charm throws, and discards its buffered writes", async () => {
    const actionMeta = parseCharmMeta({
      name: "demo",
      requires: { db: { interface: "pg" } },
      actions: { sync: {} },
    });
    const ctx = new Context(
      async (hook) => {
        await hook.stateSet({ synced: "yes" });
        await hook.setActionResults({ partial: "1" });
        throw new Boom();
      },
      { meta: actionMeta },
    );
    const failed = await ctx.runToFailure(events.action("sync"), base);
    expect(ctx.actionFailure).toBe("Boom: boom after writing");
    expect(ctx.actionResults).toEqual({ partial: "1" });
    expect(failed.state.storedState).toEqual({ a: "1" });
  });

  it("runToFailure refuses a hook that succeeds", async () => {
    const ctx = new Context(async () => {}, { meta });
    await expect(ctx.runToFailure(events.install(), base)).rejects.toThrow(ExpectedFailureError);
  });
});

describe("commit rule when the charm throws", () => {
  it("discards relation data", async () => {
    const { error } = await failureOf(async (hook) => {
      const rel = await hook.relation("db");
      await rel?.localUnitData.update({ ready: "yes" });
      await rel?.localAppData.update({ database: "demo" });
    });
    expect(error.state.relations).toEqual(base.relations);
  });

  it("discards secret changes", async () => {
    const owned = secret({ owner: "app", label: "mine", content: { key: "v1" } });
    const { error } = await failureOf(
      async (hook) => {
        await hook.addSecret({ token: "new" }, { label: "fresh" });
        await (await hook.getSecret({ label: "mine" })).setContent({ key: "v2" });
      },
      { ...base, secrets: [owned] },
    );
    expect(error.state.secrets).toEqual([owned]);
  });

  it("discards opened and closed ports", async () => {
    const { error } = await failureOf(async (hook) => {
      await hook.openPort({ protocol: "tcp", port: 8080 });
      await hook.closePort({ protocol: "tcp", port: 22 });
    });
    expect(error.state.openedPorts).toEqual([{ protocol: "tcp", port: 22 }]);
  });

  it("discards charm state writes", async () => {
    const { error } = await failureOf(async (hook) => {
      await hook.stateSet({ b: "2" });
      await hook.stateDelete("a");
    });
    expect(error.state.storedState).toEqual({ a: "1" });
  });

  it("keeps statuses and the workload version", async () => {
    const { ctx, error } = await failureOf(async (hook) => {
      await hook.setUnitStatus({ name: "maintenance", message: "migrating" });
      await hook.setAppStatus({ name: "waiting", message: "unit migrating" });
      await hook.setWorkloadVersion("2.0");
    });
    expect(error.state.unitStatus).toEqual({ name: "maintenance", message: "migrating" });
    expect(error.state.appStatus).toEqual({ name: "waiting", message: "unit migrating" });
    expect(error.state.workloadVersion).toBe("2.0");
    expect(ctx.unitStatusHistory).toEqual([{ name: "maintenance", message: "migrating" }]);
    expect(ctx.workloadVersionHistory).toEqual(["2.0"]);
  });

  it("keeps logs, including the runtime's report of the error", async () => {
    const { ctx } = await failureOf(async (hook) => {
      await hook.log.info("about to fail");
    });
    expect(ctx.jujuLog).toContainEqual({ level: "INFO", message: "about to fail" });
    expect(
      ctx.jujuLog.some((l) => l.level === "ERROR" && l.message.includes("Boom: boom after writing")),
    ).toBe(true);
  });
});

describe("Juju's access rules, seen from a charm", () => {
  it("refuses writing another application's databag", async () => {
    const ctx = new Context(
      async (hook) => {
        await (await hook.relation("db"))?.remoteAppData.update({ host: "evil" });
      },
      { meta },
    );
    const failed = await ctx.runToFailure(events.updateStatus(), base);
    expect(failed.cause).toBeInstanceOf(RelationDataAccessError);
    expect(String(failed.cause)).toContain(
      "cannot write the remote-app databag of relation db:1: remote databags are read-only",
    );
    expect(failed.state.relations[0]?.remoteAppData).toEqual({ host: "pg.local" });
    expect(ctx.hookToolCalls.some((c) => c.tool === "relation-set")).toBe(false);
  });

  it("refuses a non-leader writing its application databag", async () => {
    const ctx = new Context(
      async (hook) => {
        await (await hook.relation("db"))?.localAppData.update({ database: "demo" });
      },
      { meta },
    );
    const failed = await ctx.runToFailure(events.updateStatus(), { ...base, leader: false });
    expect(failed.cause).toBeInstanceOf(RelationDataAccessError);
    expect(String(failed.cause)).toContain("only the leader writes application data");
    expect(failed.state.relations[0]?.localAppData).toEqual({});
  });

  it("refuses reading a secret that was not granted", async () => {
    const hidden = secret({ id: "secret:cs0000000000000hidden", content: { token: "x" }, granted: false });
    const ctx = new Context(
      async (hook) => {
        await hook.getSecret({ id: hidden.id });
      },
      { meta },
    );
    const failed = await ctx.runToFailure(events.updateStatus(), { ...base, secrets: [hidden] });
    expect(failed.cause).toBeInstanceOf(PermissionDeniedError);
    expect(String(failed.cause)).toContain("permission denied");
    expect(ctx.hookToolCalls.some((c) => c.tool === "secret-get" && c.args.includes(hidden.id))).toBe(true);
  });
});

describe("secret values stay out of argv and logs", () => {
  it("passes secret-add, secret-set and relation-set values only through files and stdin", async () => {
    const values = ["add-value-7f3a91", "set-value-c0ffee", "relation-value-5eed42"];
    const ctx = new Context(
      async (hook) => {
        const created = await hook.addSecret({ password: values[0] ?? "" }, { label: "pw" });
        await created.setContent({ password: values[1] ?? "" });
        await (await hook.relation("db"))?.localUnitData.update({ token: values[2] ?? "" });
        await hook.log.info("stored the credentials");
      },
      { meta },
    );
    const out = await ctx.run(events.updateStatus(), base);
    expect(out.secrets[0]?.revisions.map((r) => r.content["password"])).toEqual([values[0], values[1]]);
    expect(out.relations[0]?.localUnitData["token"]).toBe(values[2]);
    const argv = ctx.hookToolCalls.flatMap((c) => [c.tool, ...c.args]).join("\n");
    const logs = ctx.jujuLog.map((l) => l.message).join("\n");
    for (const value of values) {
      expect(argv).not.toContain(value);
      expect(logs).not.toContain(value);
    }
    expect(ctx.hookToolCalls.find((c) => c.tool === "relation-set")?.stdin).toContain(values[2]);
  });
});

describe("consistency checks before the charm runs", () => {
  const noop = async () => {};
  const ctx = new Context(noop, {
    meta: parseCharmMeta({
      name: "demo",
      containers: { web: {} },
      requires: { db: { interface: "pg", limit: 1 } },
      config: { options: { name: { type: "string" }, size: { type: "int" } } },
      actions: { backup: { params: { depth: { type: "integer" } }, additionalProperties: false } },
    }),
  });

  async function problem(run: Promise<unknown>): Promise<string> {
    const error: unknown = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InconsistentStateError);
    return error instanceof Error ? error.message : "";
  }

  it("rejects an event for a relation not in the state", async () => {
    expect(await problem(ctx.run(events.relationChanged(db), state()))).toContain(
      "relation-changed event for relation 1, which is not in the state",
    );
  });

  it("rejects a relation on an undeclared endpoint", async () => {
    const odd = relation({ endpoint: "cache", id: 2 });
    expect(await problem(ctx.run(events.install(), state({ relations: [odd] })))).toContain(
      'relation 2 uses endpoint "cache", which demo does not declare',
    );
  });

  it("rejects duplicate relation ids", async () => {
    expect(await problem(ctx.run(events.install(), state({ relations: [db, { ...db }] })))).toContain(
      "relation id 1 is used by more than one relation",
    );
  });

  it("rejects more relations than an endpoint's limit", async () => {
    const second = relation({ endpoint: "db", id: 9 });
    expect(await problem(ctx.run(events.install(), state({ relations: [db, second] })))).toContain(
      'endpoint "db" has limit 1 but the state has more relations on it',
    );
  });

  it("rejects unknown config keys", async () => {
    expect(await problem(ctx.run(events.install(), state({ config: { colour: "red" } })))).toContain(
      'config option "colour" is not declared',
    );
  });

  it("rejects config values of the wrong type", async () => {
    expect(await problem(ctx.run(events.install(), state({ config: { size: "big" } })))).toContain(
      'config option "size" is declared as int but the state gives "big"',
    );
  });

  it("rejects undeclared actions", async () => {
    expect(await problem(ctx.run(events.action("restore"), state()))).toContain(
      'action "restore" is not declared',
    );
  });

  it("rejects action params of the wrong type or not declared", async () => {
    const message = await problem(ctx.run(events.action("backup", { depth: "deep", extra: 1 }), state()));
    expect(message).toContain('action "backup" parameter "depth" must be integer, got "deep"');
    expect(message).toContain('action "backup" has no parameter "extra"');
  });

  it("rejects undeclared containers", async () => {
    const sidecar = { name: "sidecar", canConnect: true, layers: {}, serviceStatuses: {}, files: {} };
    expect(await problem(ctx.run(events.install(), state({ containers: [sidecar] })))).toContain(
      'container "sidecar" is not declared',
    );
  });

  it("rejects a container event for a container not in the state", async () => {
    expect(await problem(ctx.run(events.pebbleReady("web"), state()))).toContain(
      'pebble-ready event for container "web", which is not in the state',
    );
  });

  it("rejects pebble-ready when Pebble cannot be reached", async () => {
    const web = { name: "web", canConnect: false, layers: {}, serviceStatuses: {}, files: {} };
    expect(await problem(ctx.run(events.pebbleReady(web), state({ containers: [web] })))).toContain(
      'pebble-ready for container "web", whose Pebble cannot be reached',
    );
  });

  it("rejects a secret event for a secret not in the state", async () => {
    const missing = secret({ content: { key: "v" } });
    expect(await problem(ctx.run(events.secretChanged(missing), state()))).toContain(
      "which is not in the state",
    );
  });

  it("rejects a secret event for a secret this charm cannot see", async () => {
    const hidden = secret({ content: { key: "v" }, granted: false });
    expect(await problem(ctx.run(events.secretChanged(hidden), state({ secrets: [hidden] })))).toContain(
      "which was not granted to this charm",
    );
  });

  it("rejects owner-only secret events for a secret owned elsewhere", async () => {
    const shared = secret({ content: { key: "v" } });
    expect(await problem(ctx.run(events.secretRotate(shared), state({ secrets: [shared] })))).toContain(
      "secret-rotate goes to the owner",
    );
  });
});

describe("hook-tool arguments over the kernel limit, seen from a charm", () => {
  it("a 1.1 MB status message blocks the unit with a shortened status instead of failing the hook", async () => {
    const pasted = "ghp_".repeat(275_000);
    const ctx = new Context(
      async (c) => {
        void c.log.warning(`rejected token: ${pasted}`);
        await c.setUnitStatus({ name: "blocked", message: `github-token is invalid: ${pasted}` });
      },
      { meta },
    );
    const out = await ctx.run(events.configChanged(), state());
    expect(out.unitStatus.name).toBe("blocked");
    expect(out.unitStatus.message.startsWith("github-token is invalid: ghp_")).toBe(true);
    expect(out.unitStatus.message.endsWith("…")).toBe(true);
    expect(Buffer.byteLength(out.unitStatus.message, "utf8")).toBeLessThanOrEqual(131_071);
    const warnings = ctx.jujuLog.filter((l) => l.level === "WARNING").map((l) => l.message);
    expect(warnings.length).toBeGreaterThan(1);
    expect(warnings.join("")).toBe(`rejected token: ${pasted}`);
  });
});
