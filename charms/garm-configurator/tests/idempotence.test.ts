/**
 * "Running the same event twice on the output state changes nothing", for every event kind the
 * charm handles: the second run leaves the State as the first left it and calls no hook tool that
 * changes what Juju or another charm sees.
 */
import {
  events,
  getSecret,
  relation,
  type Context,
  type HarnessEvent,
  type State,
} from "@garm-charms/charm-testing";
import { beforeAll, describe, expect, it } from "vitest";

import { PASSWORD_SECRET_LABEL } from "../src/index.js";
import {
  baseState,
  garmRelation,
  IMAGE_ID,
  newContext,
  rotatedPasswordSecret,
  validConfig,
  withConfig,
  writeCalls,
} from "./fixtures.js";

let ctx: Context;

beforeAll(() => {
  ctx = newContext();
});

const image = relation({
  endpoint: "image",
  remoteAppName: "image-builder",
  remoteUnitsData: { 0: { id: IMAGE_ID }, 1: {} },
});
const garm = garmRelation();

/** Everything published, secrets created and granted: what a running configurator looks like. */
async function settled(options: { leader?: boolean; config?: typeof validConfig } = {}): Promise<State> {
  return ctx.run(events.configChanged(), baseState({ ...options, relations: [image, garm] }));
}

function withRotatedPassword(state: State): State {
  return {
    ...state,
    secrets: state.secrets.map((s) => (s.id === rotatedPasswordSecret.id ? rotatedPasswordSecret : s)),
  };
}

/** Runs `event` twice; the second run must change nothing. Returns the first run's output. */
async function expectIdempotent(event: HarnessEvent, input: State): Promise<State> {
  const once = await ctx.run(event, input);
  const twice = await ctx.run(event, once);
  expect(twice).toEqual(once);
  expect(writeCalls(ctx)).toEqual([]);
  return once;
}

describe("the same event twice changes nothing", () => {
  it.each<[string, () => HarnessEvent]>([
    ["install", () => events.install()],
    ["config-changed", () => events.configChanged()],
    ["upgrade-charm", () => events.upgradeCharm()],
    ["leader-elected", () => events.leaderElected()],
    ["image relation-joined", () => events.relationJoined(image, { remoteUnit: "image-builder/0" })],
    ["image relation-changed", () => events.relationChanged(image, { remoteUnit: "image-builder/0" })],
    ["garm-configurator relation-joined", () => events.relationJoined(garm, { remoteUnit: "garm/0" })],
    ["garm-configurator relation-changed", () => events.relationChanged(garm, { remoteUnit: "garm/0" })],
    ["garm-configurator relation-broken", () => events.relationBroken(garm)],
    ["update-status (not observed)", () => events.updateStatus()],
  ])("%s on a running configurator", async (_label, event) => {
    await expectIdempotent(event(), await settled());
  });

  it("image relation-departed", async () => {
    const out = await expectIdempotent(
      events.relationDeparted(image, { remoteUnit: "image-builder/0", departingUnit: "image-builder/0" }),
      await settled(),
    );
    expect(out.unitStatus.name).toBe("waiting");
  });

  it("garm-configurator relation-departed", async () => {
    await expectIdempotent(
      events.relationDeparted(garm, { remoteUnit: "garm/0", departingUnit: "garm/0" }),
      await settled(),
    );
  });

  it("image relation-broken", async () => {
    const out = await expectIdempotent(events.relationBroken(image), await settled());
    expect(out.unitStatus.name).toBe("waiting");
  });

  it("secret-changed after the operator rotated the password", async () => {
    const out = await expectIdempotent(
      events.secretChanged(rotatedPasswordSecret),
      withRotatedPassword(await settled()),
    );
    expect(getSecret(out, { label: PASSWORD_SECRET_LABEL })?.revisions).toHaveLength(2);
  });

  it("secret-remove of a relation-secret revision nobody tracks", async () => {
    const rotated = await ctx.run(
      events.secretChanged(rotatedPasswordSecret),
      withRotatedPassword(await settled()),
    );
    const relationSecret = getSecret(rotated, { label: PASSWORD_SECRET_LABEL })!;
    const once = await ctx.run(events.secretRemove(relationSecret, 1), rotated);
    expect(getSecret(once, { label: PASSWORD_SECRET_LABEL })?.revisions.map((r) => r.revision)).toEqual([2]);
    const twice = await ctx.run(events.secretRemove(relationSecret, 1), once);
    expect(twice).toEqual(once);
    expect(ctx.jujuLog.map((line) => line.message)).toContain(
      `Revision 1 of secret ${PASSWORD_SECRET_LABEL} is already removed`,
    );
  });

  it("config-changed on a non-leader", async () => {
    await expectIdempotent(events.configChanged(), await settled({ leader: false }));
  });

  it("config-changed while blocked on an invalid config", async () => {
    const blocked = await settled({ config: withConfig(validConfig, { "max-runner": 0 }) });
    const out = await expectIdempotent(events.configChanged(), blocked);
    expect(out.unitStatus).toEqual({ name: "blocked", message: "max-runner must be greater than 0" });
  });

  it("config-changed while blocked on an unreadable secret", async () => {
    const input = { ...baseState({ relations: [image, garm] }), secrets: [] };
    const out = await expectIdempotent(events.configChanged(), input);
    expect(out.unitStatus.name).toBe("blocked");
  });
});
