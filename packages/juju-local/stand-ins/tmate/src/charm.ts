/**
 * The tmate stand-in: every unit (not only the leader, as tmate-ssh-server) publishes in its unit
 * databag of each `debug-ssh` relation where runners reach it and the fingerprints of its host
 * keys. The keys are made once per unit; only their fingerprints (public) are kept, in charm state.
 */
import { generateKeyPairSync } from "node:crypto";

import type { Charm, HookContext } from "@garm-charms/charm-runtime";
import { standingRelations } from "@garm-charms/stand-in-shared";
import * as z from "zod";

import { sshFingerprint } from "./fingerprints.js";

export const DEBUG_SSH_ENDPOINT = "debug-ssh";

const configSchema = z.object({
  host: z.string().regex(/^([A-Za-z0-9._:-]{1,253})?$/, "must be an IP address or host name"),
  port: z.number().int().min(1, "must be a port number").max(65_535, "must be a port number"),
});

interface Fingerprints {
  readonly rsa_fingerprint: string;
  readonly ed25519_fingerprint: string;
}

const fingerprintsSchema = z.object({
  rsa_fingerprint: z.string().min(1),
  ed25519_fingerprint: z.string().min(1),
});

/** This unit's fingerprints: from charm state, or from host keys generated now (and then kept). */
async function fingerprints(ctx: HookContext): Promise<Fingerprints> {
  const kept = fingerprintsSchema.safeParse(await ctx.stateGet());
  if (kept.success) return kept.data;
  const made: Fingerprints = {
    rsa_fingerprint: sshFingerprint(generateKeyPairSync("rsa", { modulusLength: 3072 }).publicKey),
    ed25519_fingerprint: sshFingerprint(generateKeyPairSync("ed25519").publicKey),
  };
  await ctx.stateSet({ ...made });
  await ctx.log.info("Generated this unit's tmate host keys");
  return made;
}

/** The configured host, else this unit's ingress address on debug-ssh (its bind address). */
async function publishedHost(ctx: HookContext, configured: string): Promise<string | undefined> {
  if (configured !== "") return configured;
  const network = await ctx.networkGet(DEBUG_SSH_ENDPOINT);
  return network.ingressAddresses[0];
}

async function reconcile(ctx: HookContext): Promise<void> {
  const checked = await ctx.checkConfig(configSchema);
  if (!checked.ok) {
    await ctx.setUnitStatus(checked.status);
    return;
  }
  const keys = await fingerprints(ctx);
  const relations = await standingRelations(ctx, DEBUG_SSH_ENDPOINT);
  const host = relations.length === 0 ? undefined : await publishedHost(ctx, checked.config.host);
  if (relations.length > 0 && host === undefined) {
    await ctx.setUnitStatus({ name: "waiting", message: "Waiting for an ingress address on debug-ssh" });
    return;
  }
  for (const relation of relations) {
    await relation.localUnitData.update({ host: host ?? "", port: String(checked.config.port), ...keys });
  }
  await ctx.setUnitStatus({ name: "active", message: "" });
}

export const tmateStandIn: Charm = async (ctx) => {
  if (ctx.event.kind === "action") return;
  await reconcile(ctx);
};
