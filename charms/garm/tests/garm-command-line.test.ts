/**
 * Issue 10, defect 0: the Pebble layer ran `garm -config <file>`, which GARM's cobra command line
 * refuses (exit 1, Pebble restarts it for ever). The fake Pebble starts any command, so the layer's
 * command is checked here against GARM's own parsing rules.
 */
import { events, getContainer } from "@garm-charms/charm-testing";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GARM_BINARY, GARM_CONFIG_PATH, GARM_SERVICE, garmPebbleLayer } from "../src/index.js";
import { charmOptions, GARM_PROVIDERS, garmContext, readyState } from "./fixtures.js";
import { parseGarmCommandLine, splitCommand } from "./garm-command-line.js";

const parse = (command: string) => parseGarmCommandLine(splitCommand(command), GARM_BINARY);

describe("GARM's command line, parsed as GARM (cobra/pflag) parses it", () => {
  it.each([
    [`${GARM_BINARY} --config /etc/garm/config.toml`],
    [`${GARM_BINARY} --config=/etc/garm/config.toml`],
  ])("accepts %s", (command) => {
    expect(parse(command)).toEqual({ ok: true, subcommand: undefined, config: "/etc/garm/config.toml" });
  });

  it.each([
    [`${GARM_BINARY} -config /etc/garm/config.toml`, 'unknown command "/etc/garm/config.toml" for "garm"'],
    [
      `${GARM_BINARY} -config=/etc/garm/config.toml`,
      "unknown shorthand flag: 'c' in -config=/etc/garm/config.toml",
    ],
    [`${GARM_BINARY} --conf /etc/garm/config.toml`, 'unknown command "/etc/garm/config.toml" for "garm"'],
    [`${GARM_BINARY} --conf=/etc/garm/config.toml`, "unknown flag: --conf"],
    [`${GARM_BINARY} --config`, "flag needs an argument: --config"],
    ["/usr/bin/garm --config /etc/garm/config.toml", "not GARM's binary: /usr/bin/garm"],
  ])("refuses %s", (command, error) => {
    expect(parse(command)).toEqual({ ok: false, error });
  });

  it("knows GARM's subcommands", () => {
    expect(parse(`${GARM_BINARY} version`)).toEqual({ ok: true, subcommand: "version", config: undefined });
    expect(parse(`${GARM_BINARY} serve`)).toEqual({ ok: false, error: 'unknown command "serve" for "garm"' });
  });
});

describe("GARM never starts (issue 10, defect 0)", () => {
  let garm: GarmFake;
  beforeAll(async () => {
    garm = await startGarmFake({ providers: GARM_PROVIDERS });
  });
  afterAll(async () => {
    await garm.close();
  });

  it("the layer's command runs the GARM server with the charm's config file", () => {
    const layer = garmPebbleLayer({ configHash: "0".repeat(64), proxyEnvironment: {} });
    const command = layer.services[GARM_SERVICE]?.command ?? "";
    expect(parse(command)).toEqual({ ok: true, subcommand: undefined, config: GARM_CONFIG_PATH });
  });

  it("the command the charm plans in the container is one GARM accepts", async () => {
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.pebbleReady("garm"), readyState());
    const layer = getContainer(out, "garm")?.layers["garm"] as {
      services: Record<string, { command: string }>;
    };
    const command = layer.services[GARM_SERVICE]?.command ?? "";
    expect(parse(command)).toEqual({ ok: true, subcommand: undefined, config: GARM_CONFIG_PATH });
  });
});
