import { describe, expect, it } from "vitest";
import * as z from "zod";

import {
  InvalidActionParamsError,
  InvalidConfigError,
  InvalidKeyError,
  LeadershipRequiredError,
  NoPebbleConnectorError,
  PermissionDeniedError,
  SecretNotFoundError,
  WrongEventError,
} from "../errors.js";
import { testContext } from "../test-support/context.js";
import { RecordingRunner } from "../test-support/recording-runner.js";
import { invalidConfigStatus } from "./config.js";

const actionEnv = { JUJU_DISPATCH_PATH: "actions/create-admin", JUJU_ACTION_UUID: "42" };

describe("facts", () => {
  it("exposes event, unit, app, model, version and proxy settings", () => {
    const { ctx } = testContext({ JUJU_CHARM_HTTPS_PROXY: "http://squid:3128" });
    expect(ctx.event).toEqual({ kind: "config-changed", hook: "config-changed" });
    expect([ctx.unit, ctx.app, ctx.model.name, ctx.jujuVersion]).toEqual(["garm/0", "garm", "ci", "3.6.4"]);
    expect(ctx.proxy.httpsProxy).toBe("http://squid:3128");
    expect(ctx.proxy.httpProxy).toBeUndefined();
  });
});

describe("config(schema)", () => {
  const schema = z.object({
    "openstack-network": z.string().min(1),
    "runner-count": z.number().int().min(0),
    "admin-token": z.string().startsWith("tok-"),
  });

  it("parses config-get with the charm's schema", async () => {
    const { ctx, runner } = testContext();
    runner.json("config-get", { "openstack-network": "net", "runner-count": 2, "admin-token": "tok-1" });
    expect(await ctx.config(schema)).toEqual({
      "openstack-network": "net",
      "runner-count": 2,
      "admin-token": "tok-1",
    });
  });

  it("names every bad option without printing values", async () => {
    const { ctx, runner } = testContext();
    runner.json("config-get", { "runner-count": -3, "admin-token": "leaked-value-123" });
    const error = await ctx.config(schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    const problems = (error as InvalidConfigError).problems.map((p) => p.option);
    expect(problems.sort()).toEqual(["admin-token", "openstack-network", "runner-count"]);
    expect((error as Error).message).not.toContain("leaked-value-123");
    expect((error as Error).message).not.toContain("-3");
  });
});

describe("status and leadership", () => {
  it("sets unit status, and app status only as leader", async () => {
    const { ctx, runner } = testContext();
    runner.json("is-leader", true);
    await ctx.setUnitStatus({ name: "blocked", message: "openstack-network is required" });
    await ctx.setAppStatus({ name: "active", message: "" });
    expect(runner.argv()).toEqual([
      ["status-set", "--application=false", "blocked", "--", "openstack-network is required"],
      ["is-leader", "--format=json"],
      ["status-set", "--application=true", "active"],
    ]);
  });

  it("refuses app status from a non-leader before running status-set", async () => {
    const { ctx, runner } = testContext();
    runner.json("is-leader", false);
    await expect(ctx.setAppStatus({ name: "active", message: "" })).rejects.toBeInstanceOf(
      LeadershipRequiredError,
    );
    await expect(ctx.getAppStatus()).rejects.toBeInstanceOf(LeadershipRequiredError);
    expect(runner.callsTo("status-set")).toEqual([]);
    expect(runner.callsTo("status-get")).toEqual([]);
  });

  it("reads the unit status and sets the workload version", async () => {
    const { ctx, runner } = testContext();
    runner.json("status-get", { status: "waiting", message: "waiting for database" });
    expect(await ctx.getUnitStatus()).toEqual({ name: "waiting", message: "waiting for database" });
    await ctx.setWorkloadVersion("0.1.6");
    expect(runner.argv()[1]).toEqual(["application-version-set", "--", "0.1.6"]);
  });

  it("caches is-leader within the hook", async () => {
    const { ctx, runner } = testContext();
    runner.json("is-leader", true);
    await ctx.isLeader();
    await ctx.isLeader();
    expect(runner.callsTo("is-leader")).toHaveLength(1);
  });
});

describe("ports and network", () => {
  it("opens, closes and lists ports, reads network-get", async () => {
    const { ctx, runner } = testContext();
    runner.json("opened-ports", ["9997/tcp"]);
    runner.json("network-get", { "ingress-addresses": ["10.0.0.1"] });
    await ctx.openPort({ protocol: "tcp", port: 9997 });
    await ctx.closePort({ protocol: "tcp", port: 80 });
    expect(await ctx.openedPorts()).toEqual([{ protocol: "tcp", port: 9997 }]);
    expect((await ctx.networkGet("juju-info")).ingressAddresses).toEqual(["10.0.0.1"]);
  });
});

describe("actions", () => {
  it("parses params with a schema and reports bad params by name only", async () => {
    const { ctx, runner } = testContext(actionEnv);
    runner.json("action-get", { username: "admin", length: 12 });
    expect(await ctx.actionParams(z.object({ username: z.string(), length: z.number() }))).toEqual({
      username: "admin",
      length: 12,
    });
    expect(await ctx.actionParams()).toEqual({ username: "admin", length: 12 });
    const error = await ctx.actionParams(z.object({ length: z.string() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidActionParamsError);
    expect((error as Error).message).toContain("length");
  });

  it("sets results, logs and fails", async () => {
    const { ctx, runner } = testContext(actionEnv);
    await ctx.setActionResults({ username: "admin", nested: { "created-at": "now" } });
    await ctx.actionLog("creating user");
    await ctx.failAction("GARM is not reachable");
    expect(runner.argv()).toEqual([
      ["action-set", "username=admin", "nested.created-at=now"],
      ["action-log", "--", "creating user"],
      ["action-fail", "--", "GARM is not reachable"],
    ]);
    await expect(ctx.setActionResults({ Bad_Key: "x" })).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it("refuses action calls outside an action", async () => {
    const { ctx, runner } = testContext();
    await expect(ctx.setActionResults({ a: "b" })).rejects.toBeInstanceOf(WrongEventError);
    await expect(ctx.failAction("x")).rejects.toBeInstanceOf(WrongEventError);
    await expect(ctx.actionParams()).rejects.toBeInstanceOf(WrongEventError);
    expect(runner.calls).toEqual([]);
  });
});

describe("charm state", () => {
  it("reads, sets and deletes through state-get/state-set/state-delete", async () => {
    const { ctx, runner } = testContext();
    runner.on("state-get", { stdout: "null" });
    expect(await ctx.stateGet()).toEqual({});
    await ctx.stateSet({ bootstrapped: "true" });
    await ctx.stateDelete("bootstrapped");
    expect(runner.argv()).toEqual([
      ["state-get", "--format=json"],
      ["state-set", "--file", "-"],
      ["state-delete", "bootstrapped"],
    ]);
    expect(runner.calls[1]!.stdin).toBe('{"bootstrapped":"true"}');
  });
});

describe("containers", () => {
  it("gives one handle per name with a Pebble client on the container socket", async () => {
    const { ctx } = testContext();
    const container = ctx.container("garm");
    expect(container.name).toBe("garm");
    expect(container.pebble.socketPath).toBe("/nonexistent/containers/garm/pebble.socket");
    expect(ctx.container("garm")).toBe(container);
    expect(await container.canConnect()).toBe(false);
  });
});

describe("logging", () => {
  it("queues juju-log calls in order and flushes them", async () => {
    const { ctx, runner, stderr } = testContext();
    void ctx.log.info("one");
    void ctx.log.warning("two");
    await ctx.log.flush();
    expect(runner.argv()).toEqual([
      ["juju-log", "--log-level", "INFO", "--", "one"],
      ["juju-log", "--log-level", "WARNING", "--", "two"],
    ]);
    expect(stderr).toEqual([]);
  });

  it("also writes to stderr when JUJU_DEBUG is set, and reports juju-log failures there", async () => {
    const { ctx, runner, stderr } = testContext({ JUJU_DEBUG: "1" });
    runner.fail("juju-log", "agent gone");
    await ctx.log.debug("hello");
    expect(stderr).toEqual([
      "DEBUG hello",
      "juju-log failed: juju-log failed with exit code 1: ERROR agent gone",
    ]);
  });
});

describe("checkConfig(schema)", () => {
  const schema = z.object({ port: z.number().int().min(1024), "admin-token": z.string().startsWith("tok-") });

  it("gives the parsed config when it is valid", async () => {
    const { ctx, runner } = testContext();
    runner.json("config-get", { port: 8080, "admin-token": "tok-1" });
    expect(await ctx.checkConfig(schema)).toEqual({
      ok: true,
      config: { port: 8080, "admin-token": "tok-1" },
    });
    expect(runner.callsTo("juju-log")).toEqual([]);
  });

  it("turns invalid config into a one-line blocked status and logs every problem, never a value", async () => {
    const { ctx, runner } = testContext();
    runner.json("config-get", { port: 80, "admin-token": "leaked-value-123" });
    const check = await ctx.checkConfig(schema);
    await ctx.log.flush();
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.error).toBeInstanceOf(InvalidConfigError);
    expect(check.status.name).toBe("blocked");
    expect(check.status.message).toMatch(/^invalid config: port: .+ \(and 1 more, see juju debug-log\)$/);
    const [log] = runner.callsTo("juju-log");
    expect(log?.args.slice(0, 2)).toEqual(["--log-level", "WARNING"]);
    expect(log?.args.at(-1)).toContain("admin-token");
    expect(JSON.stringify([check.status, runner.calls])).not.toContain("leaked-value-123");
  });

  it("rethrows what is not a config problem", async () => {
    const { ctx, runner } = testContext();
    runner.fail("config-get", "agent gone");
    await expect(ctx.checkConfig(schema)).rejects.toThrow(/config-get failed/);
  });
});

describe("invalidConfigStatus", () => {
  it("is one line even when a problem spans lines, and names the only problem without a count", () => {
    const error = new InvalidConfigError([{ option: "labels", problem: "must be\n  comma separated" }]);
    expect(invalidConfigStatus(error)).toEqual({
      name: "blocked",
      message: "invalid config: labels: must be comma separated",
    });
  });

  it("with sentence phrasing, is the first problem as it is (it names its option), on one line", () => {
    const error = new InvalidConfigError([
      { option: "openstack-network", problem: "openstack-network is\nrequired" },
      { option: "max-runner", problem: "max-runner must be greater than 0", detail: "got '0'" },
    ]);
    expect(invalidConfigStatus(error, { phrasing: "sentence" })).toEqual({
      name: "blocked",
      message: "openstack-network is required",
    });
  });
});

describe("reportInvalidConfig", () => {
  it("logs every problem with its detail at WARNING and returns the blocked status without the detail", async () => {
    const { ctx, runner } = testContext();
    const error = new InvalidConfigError([
      { option: "aproxy-redirect-ports", problem: "must be ports", detail: "'80 - 90' is not a port" },
      { option: "repo", problem: "must be owner/name" },
    ]);
    const status = await ctx.reportInvalidConfig(error);
    await ctx.log.flush();
    expect(status).toEqual({
      name: "blocked",
      message: "invalid config: aproxy-redirect-ports: must be ports (and 1 more, see juju debug-log)",
    });
    const [log] = runner.callsTo("juju-log");
    expect(log?.args.slice(0, 2)).toEqual(["--log-level", "WARNING"]);
    expect(log?.args.at(-1)).toBe(
      "Invalid charm config:\n  aproxy-redirect-ports: must be ports ('80 - 90' is not a port)\n  repo: must be owner/name",
    );
  });
});

describe("findSecret", () => {
  it("is the secret when Juju has it", async () => {
    const { ctx, runner } = testContext();
    runner.json("secret-get", { value: "s3cr3t-value" });
    const secret = await ctx.findSecret({ label: "garm-secrets" });
    expect(secret?.label).toBe("garm-secrets");
  });

  it("is undefined when Juju has no such secret", async () => {
    const { ctx, runner } = testContext();
    runner.fail("secret-get", 'secret "garm-secrets" not found');
    expect(await ctx.findSecret({ label: "garm-secrets" })).toBeUndefined();
  });

  it("still throws any other failure (a secret we may not read is not a missing one)", async () => {
    const { ctx, runner } = testContext();
    runner.fail("secret-get", "permission denied");
    await expect(ctx.findSecret({ id: "secret:cs2abc" })).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe("containers without a Pebble connector", () => {
  it("refuse with an error that says what to pass to main", () => {
    const { ctx } = testContext({}, { withoutPebble: true });
    expect(() => ctx.container("garm")).toThrow(NoPebbleConnectorError);
    expect(() => ctx.container("garm")).toThrow(/pass \{ pebble: connectPebble \}.*to main\(\)/);
  });
});

describe("secretRef: a handle without a read", () => {
  it("reads a refreshed secret in one secret-get (no earlier call to test that it exists)", async () => {
    const { ctx, runner } = testContext();
    runner.json("secret-get", { value: "s3cr3t-value" });
    const content = await ctx.secretRef({ id: "secret:cs2abc" }).getContent({ refresh: true });
    expect(content).toEqual({ value: "s3cr3t-value" });
    expect(runner.argv()).toEqual([["secret-get", "--format=json", "secret:cs2abc", "--refresh"]]);
  });

  it("reports a missing secret on its first read", async () => {
    const { ctx, runner } = testContext();
    runner.fail("secret-get", 'secret "cs2abc" not found');
    await expect(ctx.secretRef({ id: "secret:cs2abc" }).getContent()).rejects.toBeInstanceOf(
      SecretNotFoundError,
    );
  });
});

describe("findOwnedSecret", () => {
  const info = { cs2own: { revision: 2, label: "garm-secrets", owner: "application" } };

  it("looks an owned secret up with one secret-info-get and knows its id for later calls", async () => {
    const { ctx, runner } = testContext();
    runner.json("secret-info-get", info).json("secret-get", { value: "v" });
    const secret = await ctx.findOwnedSecret("garm-secrets");
    expect(secret?.id).toBe("secret://f00d0000-0000-4000-8000-000000000001/cs2own");
    await secret?.getContent({ peek: true });
    await secret?.grant(7);
    expect(runner.argv()).toEqual([
      ["secret-info-get", "--format=json", "--label", "garm-secrets"],
      ["secret-get", "--format=json", "secret://f00d0000-0000-4000-8000-000000000001/cs2own", "--peek"],
      ["secret-grant", "--relation", "7", "secret://f00d0000-0000-4000-8000-000000000001/cs2own"],
    ]);
  });

  it("is undefined when the charm owns no secret with that label", async () => {
    const { ctx, runner } = testContext();
    runner.fail("secret-info-get", 'secret "garm-secrets" not found');
    expect(await ctx.findOwnedSecret("garm-secrets")).toBeUndefined();
  });
});

describe("prefetch", () => {
  it("issues independent reads together, so the charm's own reads hit the cache", async () => {
    const started: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const answers: Record<string, string> = {
      "config-get": "{}",
      "is-leader": "true",
      "relation-ids": '["db:3"]',
      "relation-list": '["pg/0"]',
      "relation-get": '{"k":"v"}',
    };
    const gated = new RecordingRunner();
    gated.run = async (invocation) => {
      gated.calls.push(invocation);
      started.push(invocation.tool);
      // Nothing answers until config-get, is-leader and relation-ids have all started.
      if (started.length === 3) release();
      await gate;
      return { exitCode: 0, stdout: answers[invocation.tool] ?? "", stderr: "" };
    };
    const { ctx: gatedCtx } = testContext({}, { runner: gated });
    await gatedCtx.prefetch({
      config: true,
      isLeader: true,
      relations: { db: ["local-unit", "remote-units", "local-app", "remote-app"] },
    });
    expect(started.slice(0, 3).sort()).toEqual(["config-get", "is-leader", "relation-ids"]);
    const before = gated.calls.length;
    const [db] = await gatedCtx.relations("db");
    await db?.localUnitData.get();
    await db?.remoteUnitData("pg/0").get();
    await db?.remoteAppData.get();
    await db?.localAppData.get();
    expect(await gatedCtx.isLeader()).toBe(true);
    expect(gated.calls.length).toBe(before);
    expect(gated.argv().filter(([tool]) => tool === "relation-get")).toEqual([
      ["relation-get", "--format=json", "-r", "db:3", "-", "garm/0"],
      ["relation-get", "--format=json", "-r", "db:3", "-", "pg/0"],
      ["relation-get", "--format=json", "-r", "db:3", "--app", "-", "pg"],
      ["relation-get", "--format=json", "-r", "db:3", "--app", "-", "garm"],
    ]);
  });

  it("reads the local application bag only on the leader, and swallows failed reads for the charm to meet", async () => {
    const { ctx, runner } = testContext();
    runner.json("is-leader", false).json("relation-ids", ["db:3"]);
    runner.on("relation-list", (call) => ({ stdout: call.args.includes("--app") ? '"pg"' : "[]" }));
    runner.fail("config-get", "boom");
    runner.json("relation-get", {});
    await ctx.prefetch({ config: true, relations: { db: ["local-app", "remote-app"] } });
    expect(runner.argv()).toContainEqual(["relation-list", "--format=json", "--app", "-r", "db:3"]);
    expect(runner.argv().some((argv) => argv.includes("garm") && argv[0] === "relation-get")).toBe(false);
    await expect(ctx.config(z.object({}))).rejects.toThrow(/boom/);
  });
});
