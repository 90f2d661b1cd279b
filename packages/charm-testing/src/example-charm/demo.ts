import { container, fileText, getContainer, relation, secret, state } from "../builders.js";
import { Context } from "../context.js";
import { events } from "../events.js";
import type { State } from "../state.js";
import { CONFIG_PATH, greeterCharm } from "./charm.js";
import { greeterMeta } from "./meta.js";

/**
 * Runs the example charm through three hooks and prints what changed: the harness at work
 * without a Juju controller. Secret values are never printed, only their revisions.
 */
export async function runExampleDemo(print: (line: string) => void): Promise<void> {
  const ctx = new Context(greeterCharm, { meta: greeterMeta });
  const credentials = secret({ owner: null, content: { username: "greeter", password: "demo-db-password" } });
  const db = relation({
    endpoint: "db",
    remoteAppName: "postgresql",
    remoteAppData: { endpoints: "pg.local:5432", "secret-user": credentials.id },
  });
  const web = container({ name: "web" });

  const describe = (s: State): void => {
    print(
      `  unit status: ${s.unitStatus.name}${s.unitStatus.message === "" ? "" : ` (${s.unitStatus.message})`}`,
    );
    print(
      `  opened ports: ${s.openedPorts.map((p) => `${String(p.port ?? "")}/${p.protocol}`).join(", ") || "none"}`,
    );
    for (const r of s.relations)
      print(`  ${r.endpoint}:${String(r.id)} local app data: ${JSON.stringify(r.localAppData)}`);
    for (const sec of s.secrets) {
      const owner = sec.owner ?? "shared with us";
      print(
        `  secret ${sec.label ?? sec.id} (${owner}): revision ${String(sec.revisions.at(-1)?.revision ?? 0)}`,
      );
    }
    const file = getContainer(s, "web")?.files[CONFIG_PATH];
    if (file !== undefined) print(`  ${CONFIG_PATH}: ${fileText(file).replace(/\s+/g, " ").trim()}`);
    print(
      `  hook tools called: ${String(ctx.hookToolCalls.length)}, Pebble requests: ${String(ctx.pebbleRequests["web"]?.length ?? 0)}`,
    );
  };

  const start = state({ leader: true, containers: [web] });
  print("config-changed with no database related:");
  const waiting = await ctx.run(events.configChanged(), start);
  describe(waiting);

  print("web-pebble-ready once postgresql is related and shared its credentials:");
  const active = await ctx.run(events.pebbleReady(web), {
    ...waiting,
    config: { greeting: "hello from the harness" },
    relations: [db],
    secrets: [...waiting.secrets, credentials],
  });
  describe(active);

  print("rotate-password action:");
  const rotated = await ctx.run(events.action("rotate-password", { length: 32 }), active);
  describe(rotated);
  print(`  action results: ${JSON.stringify(ctx.actionResults)}`);
}
