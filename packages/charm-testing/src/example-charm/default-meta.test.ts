/** A Context without `meta` reads the charmcraft.yaml beside the test (the example charm's). */
import { describe, expect, it } from "vitest";

import { relation, state } from "../builders.js";
import { InconsistentStateError } from "../consistency.js";
import { Context } from "../context.js";
import { events } from "../events.js";
import { greeterCharm } from "./charm.js";
import { greeterMeta } from "./meta.js";

describe("Context without meta", () => {
  it("loads the charmcraft.yaml above the file that builds it", () => {
    expect(new Context(greeterCharm).meta).toEqual(greeterMeta);
  });

  it("checks the State against that file: its endpoints and options pass, others do not", async () => {
    const ctx = new Context(greeterCharm);
    const db = relation({ endpoint: "db", remoteAppName: "postgresql" });
    const out = await ctx.run(
      events.configChanged(),
      state({ leader: true, relations: [db], config: { port: 9000 } }),
    );
    expect(ctx.appName).toBe("greeter");
    expect(out.unitStatus.name).toBe("waiting");
    await expect(ctx.run(events.configChanged(), state({ config: { colour: "red" } }))).rejects.toThrow(
      InconsistentStateError,
    );
  });
});
