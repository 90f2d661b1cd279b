/**
 * The minimal charm and state-transition tests shown in the READMEs of charm-runtime and
 * charm-testing, kept here so the examples there always compile and pass. Keep the two in step.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { container, getContainer, relation, state } from "./builders.js";
import { Context } from "./context.js";
import { events } from "./events.js";
import { parseCharmMetaYaml } from "./meta.js";

// --- the charm (charm-runtime README)

const configSchema = z.object({ port: z.number().int().min(1024).max(65535) });

async function helloCharm(ctx: HookContext): Promise<void> {
  const checked = await ctx.checkConfig(configSchema);
  if (!checked.ok) {
    await ctx.setUnitStatus(checked.status); // names options, never values
    return;
  }
  const config = checked.config;
  const db = await ctx.relation("db");
  if (db === undefined) {
    await ctx.setUnitStatus({ name: "blocked", message: "db relation is required" });
    return;
  }
  if (await ctx.isLeader()) await db.localAppData.update({ database: "hello" });
  const web = ctx.container("web");
  if (!(await web.canConnect())) {
    await ctx.setUnitStatus({ name: "waiting", message: "waiting for Pebble" });
    return;
  }
  await web.pebble.push("/etc/hello/port", `${String(config.port)}\n`, {
    permissions: 0o600,
    makeDirs: true,
  });
  await web.pebble.addLayer(
    "hello",
    { services: { hello: { override: "replace", command: "/usr/bin/hello", startup: "enabled" } } },
    { combine: true },
  );
  await web.pebble.replan();
  await ctx.openPort({ protocol: "tcp", port: config.port });
  await ctx.setUnitStatus({ name: "active", message: "" });
}

// --- the tests (charm-testing README)

const meta = parseCharmMetaYaml(`
name: hello
containers: {web: {resource: web-image}}
requires: {db: {interface: postgresql_client, limit: 1}}
config: {options: {port: {type: int, default: 8080}}}
`);

describe("README example", () => {
  const web = container({ name: "web" });
  const db = relation({ endpoint: "db", remoteAppName: "postgresql" });

  it("serves on the configured port once Pebble is up", async () => {
    const ctx = new Context(helloCharm, { meta });
    const out = await ctx.run(
      events.pebbleReady(web),
      state({ leader: true, config: { port: 9000 }, relations: [db], containers: [web] }),
    );
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    expect(out.openedPorts).toEqual([{ protocol: "tcp", port: 9000 }]);
    expect(out.relations[0]?.localAppData).toEqual({ database: "hello" });
    const after = getContainer(out, "web");
    expect(after?.files["/etc/hello/port"]?.permissions).toBe("600");
    expect(after?.serviceStatuses["hello"]).toBe("active");
    expect(ctx.hookToolCalls).toContainEqual({ tool: "config-get", args: ["--format=json"] });
  });

  it("blocks, naming the option, on bad config", async () => {
    const ctx = new Context(helloCharm, { meta });
    const out = await ctx.run(events.configChanged(), state({ config: { port: 80 }, relations: [db] }));
    expect(out.unitStatus.name).toBe("blocked");
    expect(out.unitStatus.message).toBe("invalid config: port: Too small: expected number to be >=1024");
  });

  it("keeps the status but drops the relation write when the hook fails", async () => {
    // The charm does all its work, then throws: Juju keeps statuses and logs, drops buffered writes.
    const failing = async (hook: HookContext) => {
      await helloCharm(hook);
      throw new Error("GARM is down");
    };
    const ctx = new Context(failing, { meta });
    const failed = await ctx.runToFailure(
      events.configChanged(),
      state({ leader: true, relations: [db], containers: [web] }),
    );
    expect(failed.state.unitStatus).toEqual({ name: "active", message: "" });
    expect(failed.state.relations[0]?.localAppData).toEqual({});
    expect(failed.state.openedPorts).toEqual([]);
    // Pebble is not part of Juju's transaction: what the hook did to the workload stays.
    expect(getContainer(failed.state, "web")?.files["/etc/hello/port"]).toBeDefined();
    expect(ctx.jujuLog.some((l) => l.level === "ERROR" && l.message.includes("GARM is down"))).toBe(true);
  });
});
