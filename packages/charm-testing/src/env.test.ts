import type { ProxySettings } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";
import { relation, secret, state } from "./builders.js";
import { Context } from "./context.js";
import { buildHookEnv } from "./env.js";
import { events } from "./events.js";
import type { HarnessEvent } from "./events.js";
import { parseCharmMeta } from "./meta.js";

const meta = parseCharmMeta({
  name: "demo",
  containers: { workload: {} },
  requires: { db: { interface: "pg" } },
  storage: { data: { type: "filesystem", location: "/srv/data" } },
  actions: { backup: {} },
});
const db = relation({ endpoint: "db", id: 7, remoteAppName: "pg", remoteUnitsData: { 0: {}, 2: {} } });
const shared = secret({ id: "secret:cs00000000000000abcd", content: { a1b: "x" }, label: "creds" });
const base = state({ relations: [db], secrets: [shared] });

function envFor(event: HarnessEvent, from = base): Record<string, string> {
  return buildHookEnv({
    event,
    state: from,
    meta,
    appName: "demo",
    unitId: 1,
    jujuVersion: "3.6.4",
    charmDir: "/charm",
    contextNumber: 5,
  });
}

describe("buildHookEnv", () => {
  it("sets the variables every hook gets", () => {
    const env = envFor(events.install());
    expect(env).toMatchObject({
      JUJU_DISPATCH_PATH: "hooks/install",
      JUJU_HOOK_NAME: "install",
      JUJU_UNIT_NAME: "demo/1",
      JUJU_MODEL_NAME: "test-model",
      JUJU_MODEL_UUID: "00000000-0000-4000-8000-000000000000",
      JUJU_VERSION: "3.6.4",
      JUJU_CHARM_DIR: "/charm",
      CHARM_DIR: "/charm",
      JUJU_CONTEXT_ID: "demo/1-install-5",
      JUJU_MACHINE_ID: "",
      JUJU_SLA: "unsupported",
    });
    expect(env).not.toHaveProperty("HOME");
    expect(env).not.toHaveProperty("JUJU_RELATION");
  });

  it("sets relation variables, with an empty remote unit for created and broken", () => {
    expect(envFor(events.relationChanged(db))).toMatchObject({
      JUJU_DISPATCH_PATH: "hooks/db-relation-changed",
      JUJU_RELATION: "db",
      JUJU_RELATION_ID: "db:7",
      JUJU_REMOTE_APP: "pg",
      JUJU_REMOTE_UNIT: "pg/0",
    });
    expect(envFor(events.relationBroken(db))).toMatchObject({ JUJU_REMOTE_UNIT: "", JUJU_REMOTE_APP: "pg" });
    expect(envFor(events.relationDeparted(db, { departingUnit: "pg/2" }))).toMatchObject({
      JUJU_REMOTE_UNIT: "pg/2",
      JUJU_DEPARTING_UNIT: "pg/2",
    });
  });

  it("sets secret, workload, storage and action variables", () => {
    expect(envFor(events.secretRemove(shared, 3))).toMatchObject({
      JUJU_SECRET_ID: shared.id,
      JUJU_SECRET_LABEL: "creds",
      JUJU_SECRET_REVISION: "3",
    });
    expect(envFor(events.secretChanged(shared))).not.toHaveProperty("JUJU_SECRET_REVISION");
    expect(
      envFor(events.pebbleCustomNotice("workload", { id: "4", type: "custom", key: "a.com/b" })),
    ).toMatchObject({
      JUJU_DISPATCH_PATH: "hooks/workload-pebble-custom-notice",
      JUJU_WORKLOAD_NAME: "workload",
      JUJU_NOTICE_ID: "4",
      JUJU_NOTICE_TYPE: "custom",
      JUJU_NOTICE_KEY: "a.com/b",
    });
    expect(envFor(events.pebbleCheckFailed("workload", "alive"))).toMatchObject({
      JUJU_PEBBLE_CHECK_NAME: "alive",
    });
    expect(envFor(events.storageAttached("data", 0))).toMatchObject({
      JUJU_STORAGE_ID: "data/0",
      JUJU_STORAGE_LOCATION: "/srv/data",
      JUJU_STORAGE_KIND: "filesystem",
    });
    expect(envFor(events.action("backup", {}, "42"))).toMatchObject({
      JUJU_DISPATCH_PATH: "actions/backup",
      JUJU_HOOK_NAME: "",
      JUJU_ACTION_NAME: "backup",
      JUJU_ACTION_UUID: "42",
      JUJU_ACTION_TAG: "action-42",
    });
  });

  it("exports the four model proxy variables empty when the model sets no proxy", () => {
    expect(envFor(events.install())).toMatchObject({
      JUJU_CHARM_HTTP_PROXY: "",
      JUJU_CHARM_HTTPS_PROXY: "",
      JUJU_CHARM_NO_PROXY: "",
      JUJU_CHARM_FTP_PROXY: "",
    });
  });

  it("exports the model proxy settings, leaving the unset ones empty", () => {
    const proxied = { ...base, modelProxy: { httpProxy: "http://squid:3128", noProxy: "10.0.0.0/8,.svc" } };
    expect(envFor(events.configChanged(), proxied)).toMatchObject({
      JUJU_CHARM_HTTP_PROXY: "http://squid:3128",
      JUJU_CHARM_HTTPS_PROXY: "",
      JUJU_CHARM_NO_PROXY: "10.0.0.0/8,.svc",
      JUJU_CHARM_FTP_PROXY: "",
    });
    const all = {
      ...base,
      modelProxy: { httpProxy: "h", httpsProxy: "s", noProxy: "n", ftpProxy: "f" },
    };
    expect(envFor(events.install(), all)).toMatchObject({
      JUJU_CHARM_HTTP_PROXY: "h",
      JUJU_CHARM_HTTPS_PROXY: "s",
      JUJU_CHARM_NO_PROXY: "n",
      JUJU_CHARM_FTP_PROXY: "f",
    });
  });

  it("reaches the charm as the runtime's proxy settings, and survives the run", async () => {
    const seen: ProxySettings[] = [];
    const ctx = new Context(
      async (hook) => {
        seen.push(hook.proxy);
      },
      { meta, appName: "demo" },
    );
    const proxied = state({
      modelProxy: { httpsProxy: "http://proxy.internal:3129", ftpProxy: "ftp://f:21" },
    });
    const out = await ctx.run(events.updateStatus(), proxied);
    await ctx.run(events.updateStatus(), state());
    expect(seen).toEqual([
      {
        httpProxy: undefined,
        httpsProxy: "http://proxy.internal:3129",
        noProxy: undefined,
        ftpProxy: "ftp://f:21",
      },
      { httpProxy: undefined, httpsProxy: undefined, noProxy: undefined, ftpProxy: undefined },
    ]);
    expect(ctx.env["JUJU_CHARM_HTTPS_PROXY"]).toBe("");
    expect(out.modelProxy).toEqual(proxied.modelProxy);
  });
});
