/**
 * One planned operation as GARM calls: the executor decides whether and when, this module how.
 * Ids of objects created earlier in the pass are kept in `WriteIds` for the writes that follow.
 */
import type { GarmClient, ScaleSetOwner } from "@garm-charms/garm-client";
import { entityKey, type DesiredCredential, type DesiredEntity, type DesiredScaleset } from "./model.js";
import type { Operation, ScalesetExtraSpecs } from "./operations.js";
import { credentialDescription, GITHUB_ENDPOINT } from "./ownership.js";

/** A write could not be done for a reason the next pass may not have. */
export class DeferredError extends Error {
  override readonly name = "DeferredError";
}

export interface WriteIds {
  /** Entity key -> GARM id. */
  readonly entityIds: Map<string, string>;
  /** Template name -> id, of the charm's templates. */
  readonly templateIds: Map<string, number>;
  readonly webhookSecret: string;
  /** Told before a re-create starts (the log says why at WARNING). */
  readonly onRecreate: (name: string, reason: string) => void;
}

type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;

function appAuth(credential: DesiredCredential) {
  return {
    type: "app" as const,
    appId: credential.appId,
    installationId: credential.installationId,
    privateKeyPem: credential.privateKeyPem,
  };
}

function templateId(ids: WriteIds, name: string): number {
  const id = ids.templateIds.get(name);
  if (id === undefined) throw new DeferredError(`template ${name} does not exist in GARM yet`);
  return id;
}

async function runCredentialOp(
  client: GarmClient,
  op: Op<"create-credential" | "rotate-credential-key" | "delete-credential">,
): Promise<void> {
  if (op.kind === "delete-credential") return client.deleteCredentials(op.id);
  const description = credentialDescription(op.credential.keyFingerprint);
  const auth = appAuth(op.credential);
  if (op.kind === "create-credential") {
    await client.createCredentials({
      name: op.credential.name,
      description,
      endpoint: GITHUB_ENDPOINT,
      auth,
    });
  } else {
    await client.updateCredentials(op.id, { description, auth });
  }
}

async function registerEntity(client: GarmClient, entity: DesiredEntity, ids: WriteIds): Promise<void> {
  const common = { credentialsName: entity.credentialsName, webhookSecret: ids.webhookSecret };
  let id: string;
  if (entity.kind === "organization") {
    id = (await client.createOrganisation({ name: entity.name, ...common })).id;
  } else {
    const slash = entity.name.indexOf("/");
    const owner = entity.name.slice(0, slash);
    id = (await client.createRepository({ owner, name: entity.name.slice(slash + 1), ...common })).id;
  }
  ids.entityIds.set(entityKey(entity.kind, entity.name), id);
}

async function runEntityOp(
  client: GarmClient,
  op: Op<"create-entity" | "update-entity-credentials" | "delete-entity">,
  ids: WriteIds,
): Promise<void> {
  if (op.kind === "create-entity") return registerEntity(client, op.entity, ids);
  if (op.kind === "delete-entity") {
    return op.entityKind === "organization"
      ? client.deleteOrganisation(op.id)
      : client.deleteRepository(op.id);
  }
  const params = { credentialsName: op.entity.credentialsName };
  if (op.entity.kind === "organization") await client.updateOrganisation(op.id, params);
  else await client.updateRepository(op.id, params);
}

async function runTemplateOp(
  client: GarmClient,
  op: Op<"create-template" | "update-template" | "delete-template">,
  ids: WriteIds,
): Promise<void> {
  if (op.kind === "delete-template") return client.deleteTemplate(op.id);
  if (op.kind === "update-template") {
    await client.updateTemplate(op.id, { description: op.description, script: op.script });
    return;
  }
  const created = await client.createTemplate({
    name: op.name,
    description: op.description,
    osType: "linux",
    forgeType: "github",
    script: op.script,
  });
  ids.templateIds.set(op.name, created.id);
}

async function createScaleset(
  client: GarmClient,
  scaleset: DesiredScaleset,
  extraSpecs: ScalesetExtraSpecs,
  template: string,
  ids: WriteIds,
): Promise<void> {
  const entity = ids.entityIds.get(entityKey(scaleset.entity.kind, scaleset.entity.name));
  if (entity === undefined) {
    throw new DeferredError(`${scaleset.entity.kind} ${scaleset.entity.name} is not registered in GARM yet`);
  }
  const owner: ScaleSetOwner =
    scaleset.entity.kind === "organization" ? { orgId: entity } : { repoId: entity };
  await client.createScaleSet(owner, {
    name: scaleset.name,
    providerName: scaleset.providerName,
    image: scaleset.image,
    flavor: scaleset.flavor,
    osType: "linux",
    osArch: scaleset.osArch,
    minIdleRunners: scaleset.minIdleRunners,
    maxRunners: scaleset.maxRunners,
    enabled: true,
    runnerGroup: scaleset.runnerGroup,
    labels: scaleset.labels,
    extraSpecs,
    templateId: templateId(ids, template),
  });
}

/**
 * Disable (GARM refuses to delete an enabled scale set), delete, and list to be sure. While its
 * runners drain GARM refuses the delete; the disable is not repeated on the passes after.
 */
async function removeScaleset(client: GarmClient, id: number, name: string, alreadyDisabled: boolean) {
  if (!alreadyDisabled) await client.updateScaleSet(id, { enabled: false, minIdleRunners: 0 });
  // A read instead of a delete that is bound to fail on every hook while runners remain.
  const runners = await client.listScaleSetRunners(id);
  if (runners.length > 0) {
    throw new DeferredError(
      `scaleset ${name} is disabled and still has ${String(runners.length)} runner(s); ` +
        "it is deleted once GARM has removed them",
    );
  }
  const outcome = await client.deleteScaleSet(id);
  if (!outcome.gone) {
    throw new DeferredError(`GARM answered the delete of scaleset ${name} but kept it (GitHub refused?)`);
  }
}

async function runScalesetOp(
  client: GarmClient,
  op: Op<"create-scaleset" | "update-scaleset" | "recreate-scaleset" | "delete-scaleset">,
  ids: WriteIds,
): Promise<void> {
  switch (op.kind) {
    case "create-scaleset":
      return createScaleset(client, op.scaleset, op.extraSpecs, op.templateName, ids);
    case "update-scaleset": {
      const template = op.templateName === undefined ? {} : { templateId: templateId(ids, op.templateName) };
      await client.updateScaleSet(op.id, { ...op.changes, ...template });
      return;
    }
    case "recreate-scaleset":
      ids.onRecreate(op.scaleset.name, op.reason);
      await removeScaleset(client, op.id, op.scaleset.name, op.alreadyDisabled);
      return createScaleset(client, op.scaleset, op.extraSpecs, op.templateName, ids);
    case "delete-scaleset":
      return removeScaleset(client, op.id, op.name, op.alreadyDisabled);
  }
}

export async function runOperation(client: GarmClient, op: Operation, ids: WriteIds): Promise<void> {
  switch (op.kind) {
    case "create-credential":
    case "rotate-credential-key":
    case "delete-credential":
      return runCredentialOp(client, op);
    case "create-entity":
    case "update-entity-credentials":
    case "delete-entity":
      return runEntityOp(client, op, ids);
    case "create-template":
    case "update-template":
    case "delete-template":
      return runTemplateOp(client, op, ids);
    default:
      return runScalesetOp(client, op, ids);
  }
}
