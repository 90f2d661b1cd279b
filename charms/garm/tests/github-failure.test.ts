/**
 * Issue 10, defect 3, as the charm runs it: two configurator applications, one of whose GitHub
 * fails. The other's creates and every delete land in the same hook, and the status names the
 * failing scaleset and GitHub as the likely cause, not GARM.
 */
import { events, type Databag, type State } from "@garm-charms/charm-testing";
import { type GarmFake } from "@garm-charms/garm-fake";
import { describe, expect, it } from "vitest";
import {
  charmOptions,
  configurator,
  garmContext,
  osPasswordSecret,
  osPasswordSecret2,
  postgresql,
  readyState,
  providerBag,
  useGarmFake,
} from "./fixtures.js";

let garm: GarmFake;
useGarmFake((fake) => (garm = fake));

const FAILURES = ["unreachable", "unauthorized", "not-found", "token-refused", "hang"] as const;

function withUnits(input: State, id: number, units: Readonly<Record<number, Databag>>): State {
  return {
    ...input,
    relations: input.relations.map((r) => (r.id === id ? { ...r, remoteUnitsData: units } : r)),
  };
}

describe("one failing GitHub stops every configurator", () => {
  it.each(FAILURES)(
    "with one organisation's GitHub %s, the other configurator's creates and the deletes land in the same hook",
    async (failure) => {
      const unit0 = providerBag(osPasswordSecret.id);
      const unit1 = { ...providerBag(osPasswordSecret2.id, "net-2", "garm-configurator-1"), org: "gone-org" };
      const appA = configurator({ 0: unit0, 1: unit1 }, 20, "garm-configurator");
      const ctx = await garmContext(charmOptions(garm.url, { requestTimeoutMs: 500 }));
      const first = await ctx.run(events.install(), readyState({ relations: [postgresql, appA] }));
      expect(first.unitStatus).toEqual({ name: "active", message: "" });

      // Configurator b serves an organisation whose GitHub fails; its relation sorts first, so its
      // create is the first scaleset write of the hook.
      garm.setForgeFailure("broken-org", failure);
      const bagB = { ...providerBag(osPasswordSecret2.id, "net-b", "configurator-b-0"), org: "broken-org" };
      const appB = configurator({ 0: bagB }, 19, "configurator-b");
      // Unit 1 of a has departed; unit 0 renamed its scaleset (a create and a delete).
      const next = withUnits({ ...first, relations: [...first.relations, appB] }, appA.id, {
        0: { ...unit0, name: "renamed" },
      });
      const out = await ctx.run(events.relationChanged(appB), next);

      const names = garm
        .snapshot()
        .scaleSets.map((s) => s.name)
        .sort();
      expect(names).toEqual(["renamed"]);
      expect(garm.snapshot().organizations.map((o) => o.name)).not.toContain("gone-org");
      expect(out.unitStatus.name).toBe("blocked");
      // A hanging GitHub hangs the organisation's registration first; the scaleset waits for it.
      const failed =
        failure === "hang" ? "register organization broken-org" : "create scaleset scaleset-configurator-b-0";
      expect(out.unitStatus.message).toMatch(new RegExp(`^${failed}: .*GitHub is the likely cause`, "u"));
      expect(out.unitStatus.message).not.toMatch(/^GARM/u);
    },
  );
});
