/**
 * The packed garm-configurator run as Juju runs it, for every event it handles (and a few it
 * ignores), against the same States as in-process: same State out, no repeated hook-tool call.
 */
import { fileURLToPath } from "node:url";

import {
  Context,
  events,
  getSecret,
  loadCharmMeta,
  type CharmMeta,
  type HarnessEvent,
  type State,
} from "@garm-charms/charm-testing";
import { beforeAll, describe, expect, it } from "vitest";

import { garmConfiguratorCharm } from "../../charms/garm-configurator/src/index.js";
import { PASSWORD_SECRET_LABEL } from "../../charms/garm-configurator/src/secrets.js";
import {
  baseState,
  garmRelation,
  imageRelation,
  PLANNER_ANSWER,
  plannerRelation,
  relatedState,
  rotatedPasswordSecret,
  SECRET_LEAKS,
} from "../../charms/garm-configurator/tests/fixtures.js";
import { expectSameInBothModes, packed } from "./both-modes.js";

const CHARMCRAFT = fileURLToPath(new URL("../../charms/garm-configurator/charmcraft.yaml", import.meta.url));

let meta: CharmMeta;
let inProcess: Context;
let asProcess: Context;

beforeAll(async () => {
  meta = await loadCharmMeta(CHARMCRAFT);
  inProcess = new Context(garmConfiguratorCharm, { meta, secretLeaks: SECRET_LEAKS });
  asProcess = new Context(await packed("garm-configurator"), { meta, secretLeaks: SECRET_LEAKS });
}, 180_000);

const image = imageRelation(true);
const garm = garmRelation();
const planner = plannerRelation(PLANNER_ANSWER);

function related(leader = true): State {
  return relatedState({ leader, relations: [image, garm, planner] });
}

const handled: [string, HarnessEvent][] = [
  ["install", events.install()],
  ["config-changed", events.configChanged()],
  ["upgrade-charm", events.upgradeCharm()],
  ["leader-elected", events.leaderElected()],
  ["update-status (ignored)", events.updateStatus()],
  ["start (ignored)", events.start()],
  ...[image, garm, planner].flatMap((r): [string, HarnessEvent][] => [
    [`${r.endpoint}-relation-created (ignored)`, events.relationCreated(r)],
    [`${r.endpoint}-relation-joined`, events.relationJoined(r)],
    [`${r.endpoint}-relation-changed`, events.relationChanged(r)],
    [`${r.endpoint}-relation-departed`, events.relationDeparted(r)],
    [`${r.endpoint}-relation-broken`, events.relationBroken(r)],
  ]),
];

describe("the packed garm-configurator as a process", () => {
  it.each(handled)("%s: same State as in-process", async (_name, event) => {
    await expectSameInBothModes(inProcess, asProcess, event, related());
  });

  it("config-changed on a non-leader, and with invalid config (blocked)", async () => {
    await expectSameInBothModes(inProcess, asProcess, events.configChanged(), related(false));
    const invalid = baseState({ config: { "max-runner": -1 }, relations: [image, garm] });
    const both = await expectSameInBothModes(inProcess, asProcess, events.configChanged(), invalid);
    expect(both.asProcess.state.unitStatus.name).toBe("blocked");
  });

  it("secret-changed publishes the rotated password, and secret-remove drops the old revision", async () => {
    const settled = await inProcess.run(events.configChanged(), related());
    const rotated: State = {
      ...settled,
      secrets: settled.secrets.map((s) => (s.id === rotatedPasswordSecret.id ? rotatedPasswordSecret : s)),
    };
    const both = await expectSameInBothModes(
      inProcess,
      asProcess,
      events.secretChanged(rotatedPasswordSecret),
      rotated,
    );
    const afterRotation = both.inProcess.state;
    const relationSecret = getSecret(afterRotation, { label: PASSWORD_SECRET_LABEL });
    expect(relationSecret?.revisions.length).toBe(2);
    const removed = await expectSameInBothModes(
      inProcess,
      asProcess,
      events.secretRemove(relationSecret!, 1),
      afterRotation,
    );
    const kept = getSecret(removed.asProcess.state, { label: PASSWORD_SECRET_LABEL });
    expect(kept?.revisions.map((r) => r.revision)).toEqual([2]);
  });
});
