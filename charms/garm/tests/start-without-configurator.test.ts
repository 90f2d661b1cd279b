/**
 * Issue 10, defect 9: GARM waited for a configurator. The charm planned no layer and bootstrapped
 * nothing until a configurator published, so after `juju integrate garm postgresql` GARM was not
 * running and get-credentials handed out credentials GARM refused (409 init_required). GARM now
 * starts and is bootstrapped as soon as the database is ready; configurators only add providers
 * and objects. A state-transition test through the harness, against the GARM fake.
 */
import { events, getContainer, state, type State } from "@garm-charms/charm-testing";
import { GarmClient } from "@garm-charms/garm-client";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { charmOptions, dbUserSecret, garmContainer, garmContext, postgresql } from "./fixtures.js";

let garm: GarmFake;

beforeEach(async () => {
  garm = await startGarmFake();
});

afterEach(async () => {
  await garm.close();
});

const MODEL = { name: "garm-model", uuid: "1a2b3c4d-0000-4000-8000-000000000000", type: "caas" as const };

function withPostgresql(input: State): State {
  return { ...input, relations: [postgresql], secrets: [...input.secrets, dbUserSecret] };
}

describe("GARM waits for a configurator (issue 10, defect 9)", () => {
  it("after the postgresql relation and pebble-ready alone, GARM runs, is bootstrapped, and get-credentials logs in", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const installed = await ctx.run(
      events.install(),
      state({ leader: true, model: MODEL, containers: [garmContainer] }),
    );
    expect(installed.unitStatus).toEqual({ name: "blocked", message: "missing integrations: postgresql" });

    const related = await ctx.run(events.relationChanged(postgresql), withPostgresql(installed));
    const ready = await ctx.run(events.pebbleReady("garm"), related);

    const container = getContainer(ready, "garm");
    expect(container?.layers["garm"]).toMatchObject({
      services: {
        garm: { command: "/usr/local/bin/garm --config /etc/garm/config.toml", startup: "enabled" },
      },
    });
    expect(container?.serviceStatuses["garm"]).toBe("active");
    expect(garm.snapshot().initialised).toBe(true);
    expect(garm.snapshot().controller.metadataUrl).toBe("http://garm.garm-model:8080/api/v1/metadata");
    expect(ready.unitStatus).toEqual({
      name: "active",
      message: "GARM runs with no provider: integrate a garm-configurator",
    });

    await ctx.run(events.action("get-credentials"), ready);
    const results = ctx.actionResults ?? {};
    const client = new GarmClient({ baseUrl: garm.url, timeoutMs: 2_000 });
    try {
      await client.login(String(results["username"]), String(results["password"]));
      // Past both gates: GARM is initialised and its controller URLs are set.
      await expect(client.controllerInfo()).resolves.toMatchObject({
        callbackUrl: "http://garm.garm-model:8080/api/v1/callbacks",
      });
    } finally {
      await client.close();
    }
  });

  it("a non-leader runs GARM too, and is active once the leader has bootstrapped it", async () => {
    const leader = await garmContext(charmOptions(garm.url), 0);
    const installed = await leader.run(
      events.install(),
      state({ leader: true, model: MODEL, containers: [garmContainer] }),
    );
    await leader.run(events.pebbleReady("garm"), withPostgresql(installed));

    const follower = await garmContext(charmOptions(garm.url), 1);
    const out = await follower.run(events.pebbleReady("garm"), {
      ...withPostgresql(installed),
      leader: false,
    });
    expect(getContainer(out, "garm")?.serviceStatuses["garm"]).toBe("active");
    expect(out.unitStatus).toEqual({
      name: "active",
      message: "GARM runs with no provider: integrate a garm-configurator",
    });
  });
});
