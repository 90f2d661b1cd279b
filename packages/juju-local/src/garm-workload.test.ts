/**
 * The packed garm charm in the local model with its built-in images: alone it is blocked naming
 * PostgreSQL (the anchors' first test), and its GARM image holds the executables the anchors
 * check through `juju exec` and the Pebble CLI.
 */
import { fileURLToPath } from "node:url";
import { packCharmsCached } from "@garm-charms/charm-pack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalJuju } from "./test-support/cli.js";
import type { StatusDoc } from "./test-support/cli.js";
import { processAlive } from "./process.js";
import { GARM_LOCAL_RESOURCES } from "./test-support/local-deploy.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const PEBBLE = "PEBBLE_SOCKET=/charm/containers/garm/pebble.socket /charm/bin/pebble";

describe("juju-local: the garm charm with local:garm and local:node", { timeout: 120_000 }, () => {
  let j: LocalJuju;
  beforeAll(async () => {
    j = await LocalJuju.create();
    const pack = await packCharmsCached(REPO, ["garm", "garm-configurator"]);
    const garm = pack.charms.find((c) => c.name === "garm");
    if (garm === undefined) throw new Error("garm was not packed");
    j.ok("deploy", garm.charmPath, "garm", "--trust", ...GARM_LOCAL_RESOURCES);
  }, 300_000);
  afterAll(() => j.remove());

  it("garm alone is blocked and names postgresql", () => {
    const status = j.json<StatusDoc>("status");
    const unit = status.applications["garm"]?.units["garm/0"];
    expect(unit?.["workload-status"].current).toBe("blocked");
    expect(unit?.["workload-status"].message?.toLowerCase()).toContain("postgresql");
  });

  it("the image holds garm and garm-provider-openstack, and garm -version prints a version", () => {
    const listing = j.ok("exec", "--unit", "garm/0", "--", `${PEBBLE} ls /usr/local/bin/`).split("\n");
    expect(listing).toEqual(expect.arrayContaining(["garm", "garm-provider-openstack"]));
    expect(j.ok("exec", "--unit", "garm/0", "--", `${PEBBLE} exec /usr/local/bin/garm -version`)).toMatch(
      /^v\d+\.\d+\.\d+\S*\n$/,
    );
    expect(
      j.ok(
        "exec",
        "--unit",
        "garm/0",
        "--",
        "PEBBLE_SOCKET=/charm/containers/pressure-reconciler/pebble.socket pebble exec /usr/local/bin/node -e 'console.log(1+1)'",
      ),
    ).toBe("2\n");
  });

  it("destroy-model leaves no process behind", () => {
    const pids = j.recordedPids();
    expect(pids.length).toBeGreaterThan(0);
    j.ok("destroy-model", "local", "--no-prompt");
    expect(pids.filter(processAlive)).toEqual([]);
  });
});
