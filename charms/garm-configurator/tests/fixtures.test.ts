import { events, secret, SecretLeakError, UnscannableSecretError } from "@garm-charms/charm-testing";
import type { Charm } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";

import {
  baseState,
  garmRelation,
  imageRelation,
  newContext,
  PASSWORD,
  passwordSecret,
  PRIVATE_KEY,
} from "./fixtures.js";

/** Runs a deliberately leaky charm with the configurator's leak check; whether the check caught it. */
async function checkCatches(charm: Charm): Promise<boolean> {
  const input = baseState({ relations: [imageRelation(true), garmRelation()] });
  const error = await newContext(charm)
    .run(events.configChanged(), input)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (error === undefined) return false;
  if (error instanceof SecretLeakError) return true;
  throw error;
}

async function readPassword(ctx: Parameters<Charm>[0]): Promise<string> {
  const content = await (await ctx.getSecret({ id: passwordSecret.id })).getContent();
  return content["value"] ?? "";
}

describe("the secret-leak check every state-transition test runs", () => {
  it("looks for each secret value, and each line of a multi-line one, but not PEM armour", async () => {
    for (const [text, caught] of [
      [PASSWORD, true],
      [PRIVATE_KEY, true],
      ["MIIEkey-material-Yy77", true],
      ["-----BEGIN RSA PRIVATE KEY-----", false],
    ] as const) {
      expect(await checkCatches((ctx) => ctx.log.info(`logging ${text}`)), text).toBe(caught);
    }
  });

  it("refuses test secrets too short to scan for meaningfully", async () => {
    const weak = {
      ...baseState({}),
      secrets: [secret({ id: "secret:weak0000000000000000", content: { value: "pw" } })],
    };
    const error = await newContext(async () => undefined)
      .run(events.configChanged(), weak)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnscannableSecretError);
    expect((error as Error).message).toMatch(/too short/u);
  });

  it("catches a secret in a log line", async () => {
    expect(
      await checkCatches(async (ctx) => {
        await ctx.log.info(`password is ${await readPassword(ctx)}`);
      }),
    ).toBe(true);
  });

  it("catches a secret in a status", async () => {
    expect(
      await checkCatches(async (ctx) => {
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
        await checkCatches(async (ctx) => {
          const rel = await ctx.relation(endpoint);
          await rel?.localUnitData.update({ [key]: await readPassword(ctx) });
        }),
        `${endpoint} ${key}`,
      ).toBe(true);
    }
  });

  it("allows the password under the image databag's password key (github_runner_image_v0 protocol)", async () => {
    expect(
      await checkCatches(async (ctx) => {
        const rel = await ctx.relation("image");
        await rel?.localUnitData.update({ password: await readPassword(ctx) });
      }),
    ).toBe(false);
  });
});
