import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { container, fileText, getContainer, getSecret, relation, secret, state } from "../builders.js";
import { Context } from "../context.js";
import { events } from "../events.js";
import { parseCharmMetaYaml } from "../meta.js";
import { ADMIN_SECRET_LABEL, CONFIG_PATH, greeterCharm } from "./charm.js";
import { runExampleDemo } from "./demo.js";
import { greeterMeta } from "./meta.js";

const dbCredentials = secret({
  id: "secret:cs0000000000000dbuser",
  owner: null,
  content: { username: "greeter", password: "s3cret-db-pass" },
});
const db = relation({
  endpoint: "db",
  id: 1,
  remoteAppName: "postgresql",
  remoteAppData: { endpoints: "pg.local:5432", "secret-user": dbCredentials.id },
});
const web = container({ name: "web" });
const ready = state({ leader: true, relations: [db], secrets: [dbCredentials], containers: [web] });

function context(): Context {
  return new Context(greeterCharm, { meta: greeterMeta });
}

describe("example charm through the harness", () => {
  it("inlines the same metadata as its charmcraft.yaml", async () => {
    const text = await readFile(fileURLToPath(new URL("./charmcraft.yaml", import.meta.url)), "utf8");
    const fromFile = parseCharmMetaYaml(text);
    expect(fromFile).toEqual(greeterMeta);
  });

  it("configures the workload once everything is in place", async () => {
    const ctx = context();
    const out = await ctx.run(events.pebbleReady(web), { ...ready, config: { greeting: "hi" } });

    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    expect(out.openedPorts).toEqual([{ protocol: "tcp", port: 8080 }]);
    expect(out.workloadVersion).toBe("1.0.0");
    expect(out.relations[0]?.localAppData).toEqual({ database: "greeter" });
    const admin = getSecret(out, { label: ADMIN_SECRET_LABEL });
    expect(admin?.owner).toBe("app");
    expect(admin?.revisions[0]?.content["password"]).toHaveLength(24);

    const workload = getContainer(out, "web");
    const file = workload?.files[CONFIG_PATH];
    expect(file?.permissions).toBe("644");
    expect(file && JSON.parse(fileText(file))).toEqual({
      greeting: "hi",
      port: 8080,
      database: "pg.local:5432",
    });
    expect(workload?.layers["greeter"]).toMatchObject({ services: { greeter: { startup: "enabled" } } });
    expect(workload?.serviceStatuses["greeter"]).toBe("active");
    expect(ctx.pebbleRequests["web"]?.some((r) => r.path === "/v1/layers")).toBe(true);
    expect(ctx.hookToolCalls.filter((c) => c.tool === "secret-add")).toHaveLength(1);
  });

  it("waits for the database before touching the workload", async () => {
    const ctx = context();
    const out = await ctx.run(events.configChanged(), state({ containers: [web] }));
    expect(out.unitStatus).toEqual({ name: "waiting", message: "db relation is required" });
    expect(ctx.pebbleRequests["web"]).toEqual([]);
  });

  it("blocks on an invalid port without writing anything", async () => {
    const ctx = context();
    const out = await ctx.run(events.configChanged(), { ...ready, config: { port: 80 } });
    expect(out.unitStatus).toEqual({ name: "blocked", message: "port must be between 1024 and 65535" });
    expect(out.secrets).toEqual(ready.secrets);
  });

  it("blocks on an empty greeting with a status that names the greeting, not the port", async () => {
    const ctx = context();
    const out = await ctx.run(events.configChanged(), { ...ready, config: { greeting: "" } });
    expect(out.unitStatus).toEqual({ name: "blocked", message: "greeting must not be empty" });
  });

  it("rotates the admin password through the action", async () => {
    const admin = secret({
      owner: "app",
      label: ADMIN_SECRET_LABEL,
      content: { password: "old-password-value" },
    });
    const ctx = context();
    const out = await ctx.run(events.action("rotate-password", { length: 32 }), {
      ...ready,
      secrets: [admin],
    });
    expect(ctx.actionFailure).toBeUndefined();
    expect(ctx.actionResults).toEqual({ rotated: "true", length: "32" });
    expect(ctx.actionLogs).toEqual(["admin password rotated"]);
    const after = getSecret(out, { label: ADMIN_SECRET_LABEL });
    expect(after?.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(after?.revisions[1]?.content["password"]).toHaveLength(32);
  });

  it("fails the action on a non-leader but still succeeds the hook", async () => {
    const ctx = context();
    const out = await ctx.run(events.action("rotate-password"), { ...ready, leader: false });
    expect(ctx.actionFailure).toBe("only the leader can rotate the admin password");
    expect(out.secrets).toEqual(ready.secrets);
  });

  it("never puts secret values in argv or logs", async () => {
    const ctx = context();
    const out = await ctx.run(events.pebbleReady(web), ready);
    const password = getSecret(out, { label: ADMIN_SECRET_LABEL })?.revisions[0]?.content["password"] ?? "";
    expect(password).not.toBe("");
    const seen = [...ctx.hookToolCalls.flatMap((c) => c.args), ...ctx.jujuLog.map((l) => l.message)].join(
      "\n",
    );
    expect(seen).not.toContain(password);
    expect(seen).not.toContain("s3cret-db-pass");
  });
});

describe("runExampleDemo", () => {
  it("prints each hook's outcome without secret values", async () => {
    const lines: string[] = [];
    await runExampleDemo((line) => lines.push(line));
    const text = lines.join("\n");
    expect(text).toContain("unit status: waiting (db relation is required)");
    expect(text).toContain("unit status: active");
    expect(text).toContain('action results: {"rotated":"true","length":"32"}');
    expect(text).not.toContain("demo-db-password");
  });
});
