import type { Charm } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";
import { state } from "../builders.js";
import { Context } from "../context.js";
import { events } from "../events.js";
import { parseCharmMeta } from "../meta.js";

const meta = parseCharmMeta({ name: "ids" });
const addsThreeSecrets: Charm = async (ctx) => {
  // Labels must be unique per owner, so each hook labels its secrets with the hook's kind.
  for (const n of [1, 2, 3]) {
    await ctx.addSecret(
      { value: `v${String(n)}` },
      { owner: "unit", label: `${ctx.event.kind}-${String(n)}` },
    );
  }
};
const bare = (id: string): string => id.slice(id.lastIndexOf("/") + 1);

describe("minted secret ids", () => {
  it("are distinct within a hook and across hooks, with a full-length model uuid", async () => {
    const ctx = new Context(addsThreeSecrets, { meta });
    const start = state({ model: { name: "m", uuid: "6f1e8c5a-2b7d-4c1e-9a3f-0d2b4c6e8f10", type: "caas" } });
    const first = await ctx.run(events.install(), start);
    const second = await ctx.run(events.configChanged(), first);
    const ids = second.secrets.map((s) => s.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids.map(bare)).size).toBe(6);
    for (const id of ids)
      expect(id).toMatch(/^secret:\/\/6f1e8c5a-2b7d-4c1e-9a3f-0d2b4c6e8f10\/[0-9a-v]{20}$/);
  });
});

describe("harness secret ids", () => {
  const model = { name: "m", uuid: "0b7c4f2e-5a1d-4e3b-8c6f-1d2e3f405162", type: "caas" } as const;
  const addsToken =
    (value: string): Charm =>
    async (ctx) => {
      await ctx.addSecret({ token: value }, { label: "github" });
    };

  it("harness secret ids collide: two charms in one model mint different ids, and neither secret overwrites the other", async () => {
    const first = await new Context(addsToken("first"), { meta, appName: "cfg-a" }).run(
      events.install(),
      state({ leader: true, model }),
    );
    const second = await new Context(addsToken("second"), { meta, appName: "cfg-b" }).run(
      events.install(),
      state({ leader: true, model }),
    );
    const [a] = first.secrets;
    const [b] = second.secrets;
    expect(a?.id).toMatch(/^secret:\/\/0b7c4f2e-5a1d-4e3b-8c6f-1d2e3f405162\/[0-9a-v]{20}$/);
    expect(b?.id).toMatch(/^secret:\/\/0b7c4f2e-5a1d-4e3b-8c6f-1d2e3f405162\/[0-9a-v]{20}$/);
    expect(bare(a?.id ?? "")).not.toBe(bare(b?.id ?? ""));

    // A third application in the same model is granted both and reads each by its id.
    const shared = [a, b].map((s) => ({ ...s!, owner: null, granted: true, label: undefined }));
    const seen: string[] = [];
    const reader: Charm = async (ctx) => {
      for (const s of shared) seen.push((await (await ctx.getSecret({ id: s.id })).getContent()).token ?? "");
    };
    await new Context(reader, { meta, appName: "garm" }).run(
      events.updateStatus(),
      state({ model, secrets: shared }),
    );
    expect(seen).toEqual(["first", "second"]);
  });
});
