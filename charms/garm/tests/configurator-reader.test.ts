/**
 * One reader of the garm-configurator databag: the workload's provider and the object reconcile
 * read each unit once, through the interface's reader, so they agree on what a unit published.
 */
import { fileText, getContainer, type State } from "@garm-charms/charm-testing";
import { events } from "@garm-charms/charm-testing";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  charmOptions,
  configurator,
  GARM_PROVIDERS,
  garmContext,
  osPasswordSecret,
  postgresql,
  providerBag,
  readyState,
} from "./fixtures.js";

let garm: GarmFake;
beforeAll(async () => {
  garm = await startGarmFake({ providers: GARM_PROVIDERS });
});
afterAll(async () => {
  await garm.close();
});

function cloudsYaml(out: State): unknown {
  const file = getContainer(out, "garm")?.files["/etc/garm/clouds-garm-configurator-0.yaml"];
  return file === undefined ? undefined : parseYaml(fileText(file));
}

describe("the garm-configurator databag, read once by the interface's reader", () => {
  it("a Python-written auth URL with an empty port (https://keystone:/v3) still gets its provider, normalised", async () => {
    const python = configurator({
      0: { ...providerBag(osPasswordSecret.id), openstack_auth_url: "https://keystone.example.com:/v3" },
    });
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(
      events.relationChanged(python),
      readyState({ relations: [postgresql, python] }),
    );
    expect(cloudsYaml(out)).toMatchObject({
      clouds: { "garm-configurator-0": { auth: { auth_url: "https://keystone.example.com/v3" } } },
    });
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    expect(garm.snapshot().scaleSets.map((s) => s.name)).toContain("scaleset-garm-configurator-0");
  });
});
