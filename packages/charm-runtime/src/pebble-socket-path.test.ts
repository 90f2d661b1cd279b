import { describe, expect, it } from "vitest";

import { CONTAINERS_DIR_VARIABLE, pebbleSocketPathFor } from "./pebble-socket-path.js";

describe("where a container's Pebble socket is", () => {
  it("is /charm/containers/<name>/pebble.socket under Juju", () => {
    expect(pebbleSocketPathFor({})("garm")).toBe("/charm/containers/garm/pebble.socket");
    expect(pebbleSocketPathFor({ [CONTAINERS_DIR_VARIABLE]: "" })("garm")).toBe(
      "/charm/containers/garm/pebble.socket",
    );
  });

  it("moves under the test-only CHARM_TESTING_CONTAINERS_DIR, which Juju never sets", () => {
    expect(CONTAINERS_DIR_VARIABLE).toBe("CHARM_TESTING_CONTAINERS_DIR");
    expect(pebbleSocketPathFor({ [CONTAINERS_DIR_VARIABLE]: "/tmp/run/containers" })("garm")).toBe(
      "/tmp/run/containers/garm/pebble.socket",
    );
  });
});
