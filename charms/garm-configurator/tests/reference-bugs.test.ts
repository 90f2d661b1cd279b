/**
 * Regression tests named after the bugs the Python garm-configurator fixed (reference-charms.md §5)
 * and the configurator caveats of §1.4 and §2.13, for the cases no other test pins by name.
 */
import { events, type Context, type State } from "@garm-charms/charm-testing";
import { beforeAll, describe, expect, it } from "vitest";

import {
  baseState,
  garmRelation,
  IMAGE_ID,
  imageRelation,
  newContext,
  published,
  validConfig,
  withConfig,
} from "./fixtures.js";

let ctx: Context;

beforeAll(() => {
  ctx = newContext();
});

const PLACEHOLDERS = ["None", "none", "null", "undefined", "NaN", "[object Object]"];

describe("bugs the Python garm-configurator fixed (reference-charms.md §5)", () => {
  it("864ec42: several bad runner options give one specific one-line status, the full detail at WARNING", async () => {
    const garm = garmRelation();
    const config = withConfig(validConfig, {
      "dockerhub-mirror": "ftp://mirror.example",
      "runner-http-proxy": "not-a-url",
      "aproxy-redirect-ports": "0",
    });
    const out = await ctx.run(events.configChanged(), baseState({ relations: [garm], config }));
    expect(out.unitStatus).toEqual({
      name: "blocked",
      message: "dockerhub-mirror must be a valid http(s) URL",
    });
    expect(out.unitStatus.message).not.toContain("\n");
    expect(out.unitStatus.message).not.toMatch(/validation error/i);
    const warning = ctx.jujuLog.find((line) => line.level === "WARNING")?.message ?? "";
    expect(warning).toMatch(/^Invalid charm config:\n/u);
    expect(warning).toContain("dockerhub-mirror must be a valid http(s) URL");
    expect(warning).toContain("runner-http-proxy must be a valid http(s) URL");
    expect(warning).toContain("aproxy-redirect-ports must be a comma-separated list");
    expect(published(out, garm)).toEqual({});
  });

  it("352c95a: max-runner=0, which GARM refuses, blocks before anything is published", async () => {
    const garm = garmRelation();
    const image = imageRelation(true);
    const config = withConfig(validConfig, { "max-runner": 0 });
    const out = await ctx.run(events.configChanged(), baseState({ relations: [image, garm], config }));
    expect(out.unitStatus).toEqual({ name: "blocked", message: "max-runner must be greater than 0" });
    expect(published(out, garm)).toEqual({});
  });

  it("7e8d842: never publishes 'None' or another placeholder, whatever the image relation does", async () => {
    const image = imageRelation(true);
    const noImageYet = imageRelation(false);
    const garm = garmRelation();
    const states: State[] = [];
    let state = await ctx.run(events.configChanged(), baseState({ relations: [garm] }));
    states.push(state);
    state = await ctx.run(events.relationJoined(noImageYet), {
      ...state,
      relations: [garm, noImageYet],
    });
    states.push(state);
    state = await ctx.run(events.relationChanged(image), { ...state, relations: [garm, image] });
    states.push(state);
    state = await ctx.run(events.relationBroken(image), state);
    states.push(state);
    state = await ctx.run(events.configChanged(), { ...state, leader: false });
    states.push(state);

    for (const out of states) {
      const bag = published(out, garm);
      expect(bag["name"]).toBe("small");
      for (const [key, value] of Object.entries(bag)) {
        expect(PLACEHOLDERS, `${key}=${value}`).not.toContain(value);
        expect(value, key).not.toBe("");
      }
    }
    expect(published(states[2]!, garm)["image_id"]).toBe(IMAGE_ID);
    expect(published(states[3]!, garm)).not.toHaveProperty("image_id");
  });
});

describe("configurator caveats of the Python charm (reference-charms.md §1.4, §2.13)", () => {
  it("stale org/repo keys: switching org to repo and back leaves only the current target", async () => {
    const garm = garmRelation();
    const asOrg = await ctx.run(
      events.configChanged(),
      baseState({ relations: [garm], config: withConfig(validConfig, { repo: undefined, org: "myorg" }) }),
    );
    expect(published(asOrg, garm)["org"]).toBe("myorg");
    expect(published(asOrg, garm)).not.toHaveProperty("repo");
    const asRepo = await ctx.run(events.configChanged(), { ...asOrg, config: validConfig });
    expect(published(asRepo, garm)["repo"]).toBe("myorg/myrepo");
    expect(published(asRepo, garm)).not.toHaveProperty("org");
  });

  it("port tokens such as '80 - 90', which GARM's reader would drop, are refused up front", async () => {
    const garm = garmRelation();
    const config = withConfig(validConfig, {
      "runner-http-proxy": "http://proxy.example:3128",
      "aproxy-redirect-ports": "80 - 90",
    });
    const out = await ctx.run(events.configChanged(), baseState({ relations: [garm], config }));
    expect(out.unitStatus.name).toBe("blocked");
    expect(out.unitStatus.message).toContain("aproxy-redirect-ports");
    expect(published(out, garm)).toEqual({});
  });

  it("pre-install-scripts: the option is one script, published as pre_install.sh, byte for byte", async () => {
    const garm = garmRelation();
    const script = "  #!/bin/bash\napt-get install -y jq\n";
    const config = withConfig(validConfig, { "pre-install-scripts": script });
    const out = await ctx.run(events.configChanged(), baseState({ relations: [garm], config }));
    expect(JSON.parse(published(out, garm)["pre_install_scripts"] ?? "{}")).toEqual({
      "pre_install.sh": script,
    });
  });
});
