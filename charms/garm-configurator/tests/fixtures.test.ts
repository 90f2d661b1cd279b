import { Context, events, loadCharmMeta, secret } from "@garm-charms/charm-testing";
import type { Charm } from "@garm-charms/charm-runtime";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

import {
  baseState,
  expectNoSecretLeak,
  garmRelation,
  imageRelation,
  PASSWORD,
  passwordSecret,
  PRIVATE_KEY,
  secretValuesOf,
} from "./fixtures.js";

const CHARMCRAFT = fileURLToPath(new URL("../charmcraft.yaml", import.meta.url));

/** Runs a deliberately leaky charm and returns whether the shared scan caught it. */
async function scanCatches(charm: Charm): Promise<boolean> {
  const ctx = new Context(charm, { meta: await loadCharmMeta(CHARMCRAFT), unitId: 0 });
  const input = baseState({ relations: [imageRelation(true), garmRelation()] });
  const out = await ctx.run(events.configChanged(), input);
  try {
    expectNoSecretLeak(ctx, input, out);
    return false;
  } catch {
    return true;
  }
}

async function readPassword(ctx: Parameters<Charm>[0]): Promise<string> {
  const content = await (await ctx.getSecret({ id: passwordSecret.id })).getContent();
  return content["value"] ?? "";
}

describe("the secret scan every state-transition test runs", () => {
  it("collects each secret value, and each line of a multi-line one", () => {
    const values = secretValuesOf(baseState({}));
    expect(values).toContain(PASSWORD);
    expect(values).toContain(PRIVATE_KEY);
    expect(values).toContain("MIIEkey-material-Yy77");
    expect(values).not.toContain("-----BEGIN RSA PRIVATE KEY-----");
  });

  it("refuses test secrets too short to scan for meaningfully", () => {
    const weak = {
      ...baseState({}),
      secrets: [secret({ id: "secret:weak0000000000000000", content: { value: "pw" } })],
    };
    expect(() => secretValuesOf(weak)).toThrow(/too short/u);
  });

  it("catches a secret in a log line", async () => {
    expect(
      await scanCatches(async (ctx) => {
        await ctx.log.info(`password is ${await readPassword(ctx)}`);
      }),
    ).toBe(true);
  });

  it("catches a secret in a status", async () => {
    expect(
      await scanCatches(async (ctx) => {
        await ctx.setUnitStatus({ name: "blocked", message: `bad ${await readPassword(ctx)}` });
      }),
    ).toBe(true);
  });

  it("catches a secret in the garm databag, and in any key of the image databag but password", async () => {
    for (const [endpoint, key] of [
      ["garm-configurator", "openstack_password"],
      ["image", "auth_url"],
    ] as const) {
      expect(
        await scanCatches(async (ctx) => {
          const rel = await ctx.relation(endpoint);
          await rel?.localUnitData.update({ [key]: await readPassword(ctx) });
        }),
        `${endpoint} ${key}`,
      ).toBe(true);
    }
  });

  it("allows the password under the image databag's password key (github_runner_image_v0 protocol)", async () => {
    expect(
      await scanCatches(async (ctx) => {
        const rel = await ctx.relation("image");
        await rel?.localUnitData.update({ password: await readPassword(ctx) });
      }),
    ).toBe(false);
  });
});
