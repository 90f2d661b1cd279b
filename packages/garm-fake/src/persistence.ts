/**
 * The fake's whole database as a JSON document, and back: what lets the fake run as `garm` with
 * its state in a file (a restarted GARM, or another unit's, sees the same controller, as real GARM
 * units sharing PostgreSQL do). The file is read back through zod. The JWT secret is not saved:
 * it comes from GARM's config.
 */
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import * as z from "zod";
import type { Store } from "./store.js";

const base64 = z.string().transform((text) => Buffer.from(text, "base64"));
const timestamps = { createdAt: z.string(), updatedAt: z.string() };

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  fullName: z.string(),
  passwordSalt: base64,
  passwordHash: base64,
  generation: z.number().int(),
  ...timestamps,
});

const documentSchema = z.object({
  version: z.literal(1),
  user: userSchema.optional(),
  controller: z.object({
    controllerId: z.string(),
    hostname: z.string(),
    metadataUrl: z.string(),
    callbackUrl: z.string(),
    webhookUrl: z.string(),
    agentUrl: z.string(),
    garmAgentReleasesUrl: z.string(),
    enableAgentToolsSync: z.boolean(),
    garmAgentVersion: z.string(),
    allowInsecureGarmAgent: z.boolean(),
    minimumJobAgeBackoff: z.number(),
    caCertBundle: z.string(),
  }),
  endpoints: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      baseUrl: z.string(),
      apiBaseUrl: z.string(),
      uploadBaseUrl: z.string(),
      caCertBundle: z.string(),
      ...timestamps,
    }),
  ),
  credentials: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      description: z.string(),
      endpointName: z.string(),
      authType: z.enum(["app", "pat"]),
      app: z
        .object({ appId: z.number().int(), installationId: z.number().int(), privateKeyBytes: z.string() })
        .optional(),
      pat: z.object({ oauth2Token: z.string() }).optional(),
      ...timestamps,
    }),
  ),
  entities: z.array(
    z.object({
      kind: z.enum(["org", "repo"]),
      id: z.string(),
      owner: z.string(),
      name: z.string(),
      credentialsId: z.number().int(),
      webhookSecret: z.string(),
      poolBalancerType: z.string(),
      agentMode: z.boolean(),
      poolManagerStarted: z.boolean(),
      ...timestamps,
    }),
  ),
  scaleSets: z.array(
    z.object({
      id: z.number().int(),
      scaleSetId: z.number().int(),
      name: z.string(),
      entityKind: z.enum(["org", "repo"]),
      entityId: z.string(),
      providerName: z.string(),
      maxRunners: z.number().int(),
      minIdleRunners: z.number().int(),
      image: z.string(),
      flavor: z.string(),
      osType: z.string(),
      osArch: z.string(),
      enabled: z.boolean(),
      disableUpdate: z.boolean(),
      runnerBootstrapTimeout: z.number(),
      runnerGroup: z.string(),
      runnerPrefix: z.string(),
      extraSpecs: z.unknown(),
      enableShell: z.boolean(),
      tags: z.array(z.object({ id: z.string(), name: z.string() })),
      templateId: z.number().int(),
      state: z.string(),
      extendedState: z.string(),
      desiredRunnerCount: z.number().int(),
      generation: z.number().int(),
      instances: z.array(z.object({ name: z.string(), agentId: z.number().int(), createdAt: z.string() })),
      lostOnGithubAt: z.number().optional(),
      ...timestamps,
    }),
  ),
  templates: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      description: z.string(),
      osType: z.enum(["linux", "windows"]),
      forgeType: z.enum(["github", "gitea"]),
      ownerId: z.string(),
      data: base64,
      ...timestamps,
    }),
  ),
  counters: z.object({
    nextCredentialsId: z.number().int(),
    nextScaleSetId: z.number().int(),
    nextGithubScaleSetId: z.number().int(),
    nextTemplateId: z.number().int(),
    nextAgentId: z.number().int(),
  }),
});

export class GarmFakeStateFileError extends Error {
  override readonly name = "GarmFakeStateFileError";
}

const b64 = (buffer: Buffer): string => buffer.toString("base64");

/** The store as plain JSON (buffers base64). */
export function storeDocument(store: Store): unknown {
  const user = store.user;
  return {
    version: 1,
    ...(user === undefined
      ? {}
      : { user: { ...user, passwordSalt: b64(user.passwordSalt), passwordHash: b64(user.passwordHash) } }),
    controller: store.controller,
    endpoints: [...store.endpoints.values()],
    credentials: [...store.credentials.values()],
    entities: [...store.entities.values()],
    scaleSets: [...store.scaleSets.values()].map(({ lostOnGithubAt, ...set }) => ({
      ...set,
      ...(lostOnGithubAt === undefined ? {} : { lostOnGithubAt }),
    })),
    templates: [...store.templates.values()].map((t) => ({ ...t, data: b64(t.data) })),
    counters: store.counters(),
  };
}

/** Replaces `store`'s contents with a saved document's (from `storeDocument`). */
export function restoreStore(store: Store, raw: unknown): void {
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GarmFakeStateFileError(
      `not a GARM fake state document: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(),
    );
  }
  const doc = parsed.data;
  store.user = doc.user;
  Object.assign(store.controller, doc.controller);
  store.endpoints.clear();
  for (const endpoint of doc.endpoints) store.endpoints.set(endpoint.name, endpoint);
  store.credentials.clear();
  for (const creds of doc.credentials) store.credentials.set(creds.id, creds);
  store.entities.clear();
  for (const entity of doc.entities) store.entities.set(entity.id, entity);
  store.scaleSets.clear();
  for (const set of doc.scaleSets)
    store.scaleSets.set(set.id, { ...set, lostOnGithubAt: set.lostOnGithubAt });
  store.templates.clear();
  for (const template of doc.templates) store.templates.set(template.id, template);
  store.setCounters(doc.counters);
}

export function saveStore(store: Store, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(storeDocument(store)), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Loads `file` into `store`; false when there is no file yet. */
export function loadStore(store: Store, file: string): boolean {
  if (!existsSync(file)) return false;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new GarmFakeStateFileError(`${file} is not JSON`);
  }
  restoreStore(store, raw);
  return true;
}
