import type { HookContext } from "@garm-charms/charm-runtime";
import { describe, expect, it } from "vitest";

import { relation, secret, state } from "./builders.js";
import { Context, UncaughtCharmError } from "./context.js";
import { events } from "./events.js";
import { parseCharmMetaYaml } from "./meta.js";
import { findSecretLeaks, SecretLeakError, UnscannableSecretError } from "./secret-leaks.js";

const meta = parseCharmMetaYaml(`
name: leaky
requires: {db: {interface: postgresql_client}, image: {interface: github_runner_image_v0}}
actions: {show: {}}
`);

const PASSWORD = "pw-s3cr3t-Zq81";
const KEY_LINE = "MIIEkey-material-Yy77";
const creds = secret({
  id: "secret:cs00000000000000creds",
  content: {
    username: "admin",
    password: PASSWORD,
    key: `-----BEGIN KEY-----\n${KEY_LINE}\n-----END KEY-----`,
  },
  granted: true,
});
const db = relation({ endpoint: "db", id: 3 });
const image = relation({ endpoint: "image", id: 4 });
const input = state({ leader: true, secrets: [creds], relations: [db, image] });

/** A charm that reads the secret and hands `value` to `leak`. */
function charm(leak: (ctx: HookContext, value: string) => Promise<void>) {
  return async (ctx: HookContext): Promise<void> => {
    const content = await (await ctx.getSecret({ id: creds.id })).getContent();
    await leak(ctx, content["password"] ?? "");
  };
}

async function leaksOf(leak: (ctx: HookContext, value: string) => Promise<void>): Promise<string[]> {
  const ctx = new Context(charm(leak), { meta, secretLeaks: true });
  const error = await ctx.run(events.action("show"), input).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SecretLeakError)) return [];
  expect(error.message).not.toContain(PASSWORD);
  return error.leaks.map((leak) => `${leak.place} <- ${leak.key}`);
}

describe("secretLeaks", () => {
  it("passes a hook that keeps secrets in secrets", async () => {
    expect(await leaksOf(async (ctx) => ctx.setUnitStatus({ name: "active", message: "" }))).toEqual([]);
  });

  it("catches a value in a juju-log line (and so in the juju-log argv)", async () => {
    expect(await leaksOf((ctx, value) => ctx.log.info(`connecting with ${value}`))).toEqual([
      "juju-log INFO <- password",
      "argv of juju-log <- password",
    ]);
  });

  it("catches a value in a status (and so in the status-set argv)", async () => {
    expect(
      await leaksOf((ctx, value) => ctx.setUnitStatus({ name: "blocked", message: `bad ${value}` })),
    ).toEqual(["unit status <- password", "argv of status-set <- password"]);
  });

  it("catches a value in action results, which travel in argv", async () => {
    expect(await leaksOf((ctx, value) => ctx.setActionResults({ password: value }))).toEqual([
      "argv of action-set <- password",
    ]);
  });

  it("catches a value in a plain databag, in app and unit bags", async () => {
    const leaks = await leaksOf(async (ctx, value) => {
      const rel = await ctx.relation("db");
      await rel?.localAppData.update({ dsn: `postgres://admin:${value}@pg` });
    });
    expect(leaks).toEqual(["db:3 app databag key dsn <- password"]);
  });

  it("catches one line of a multi-line value, but not PEM armour or a short public value", async () => {
    const leaks = await leaksOf(async (ctx) => {
      await ctx.log.info(`key starts ${KEY_LINE}; -----BEGIN KEY-----; user admin`);
    });
    expect(leaks).toEqual(["juju-log INFO <- key", "argv of juju-log <- key"]);
  });

  it("catches a value in charm state and in the charm's error", async () => {
    const ctx = new Context(
      charm(async (hook, value) => {
        await hook.stateSet({ cached: value });
        throw new Error(`login failed for ${value}`);
      }),
      { meta, secretLeaks: true },
    );
    const error = await ctx.run(events.action("show"), input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretLeakError);
    // A failed hook's charm state is discarded (Juju's commit rule); the error and its log line are not.
    expect((error as SecretLeakError).leaks.map((leak) => leak.place)).toEqual([
      "juju-log ERROR",
      "action-fail",
      "argv of juju-log",
      "argv of action-fail",
      "the charm's error",
    ]);
  });

  it("lets a protocol's place through with allow, and public keys with publicKeys", async () => {
    const writePassword = charm(async (ctx, value) => {
      await (await ctx.relation("image"))?.localUnitData.update({ password: value });
      await ctx.log.info("user admin-operator");
    });
    const allowed = new Context(writePassword, {
      meta,
      secretLeaks: {
        allow: (place) =>
          place.kind === "databag" &&
          place.endpoint === "image" &&
          place.bag === "unit" &&
          place.key === "password",
        publicKeys: ["username"],
        minLength: 4,
      },
    });
    await expect(allowed.run(events.action("show"), input)).resolves.toBeDefined();
  });

  it("is on by default: a Context without the option catches the leak", async () => {
    const ctx = new Context(
      charm((hook, value) => hook.log.info(value)),
      { meta },
    );
    const error = await ctx.run(events.action("show"), input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretLeakError);
    expect((error as SecretLeakError).leaks.map((leak) => leak.place)).toEqual([
      "juju-log INFO",
      "argv of juju-log",
    ]);
  });

  it("is off with secretLeaks: false, so a leaky hook runs as before", async () => {
    const ctx = new Context(
      charm((hook, value) => hook.log.info(value)),
      { meta, secretLeaks: false },
    );
    await expect(ctx.run(events.action("show"), input)).resolves.toBeDefined();
    expect(ctx.jujuLog.map((line) => line.message)).toContain(PASSWORD);
  });

  it("skips a value under minLength, or refuses it with shortValues: refuse (naming the key, not the value)", async () => {
    const weak = secret({ id: "secret:cs00000000000000weak0", content: { pin: "pw-1234" }, granted: true });
    const weakInput = state({ secrets: [weak] });
    const quiet = async (): Promise<void> => undefined;
    await expect(new Context(quiet, { meta }).run(events.action("show"), weakInput)).resolves.toBeDefined();
    const strict = new Context(quiet, { meta, secretLeaks: { shortValues: "refuse" } });
    const error = await strict.run(events.action("show"), weakInput).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnscannableSecretError);
    expect((error as Error).message).toMatch(
      /secret secret:cs00000000000000weak0 key pin .* under 8 characters/u,
    );
    expect((error as Error).message).not.toContain("pw-1234");
    // Empty values and PEM armour hold nothing to leak: never refused.
    const armoured = secret({
      id: "secret:cs0000000000000armour",
      content: { key: `-----BEGIN KEY-----\n${KEY_LINE}\n-----END KEY-----`, empty: "" },
      granted: true,
    });
    await expect(strict.run(events.action("show"), state({ secrets: [armoured] }))).resolves.toBeDefined();
  });
});

describe("findSecretLeaks", () => {
  it("scans secrets the hook created (the output State) as well as the input's", async () => {
    const ctx = new Context(
      async (hook) => {
        await hook.addSecret({ token: "generated-token-123" });
        await hook.log.info("token generated-token-123");
      },
      { meta, secretLeaks: false },
    );
    const out = await ctx.run(events.action("show"), input);
    expect(findSecretLeaks(ctx, input, out).map((leak) => leak.place)).toEqual([
      "juju-log INFO",
      "argv of juju-log",
    ]);
  });

  it("reports an UncaughtCharmError's run the same way (the check runs before the error is thrown)", async () => {
    const ctx = new Context(() => Promise.reject(new Error("boom")), { meta, secretLeaks: true });
    await expect(ctx.run(events.action("show"), input)).rejects.toBeInstanceOf(UncaughtCharmError);
  });
});
