/**
 * Runs planned operations through GarmClient in order. An operation whose prerequisite failed
 * is skipped (it is planned again next time). A GARM error ends that operation only; GARM
 * becoming unreachable ends the pass.
 */
import {
  GarmApiError,
  GarmProtocolError,
  GarmRequestInvalidError,
  GarmUnavailableError,
  type GarmClient,
  type ScaleSetOwner,
} from "@garm-charms/garm-client";
import { entityKey, type DesiredCredential, type DesiredScaleset } from "./desired.js";
import { describeOperation, type Operation, type ScalesetExtraSpecs } from "./operations.js";
import { credentialDescription, GITHUB_ENDPOINT } from "./ownership.js";
import { problem, type ReconcileProblem } from "./problems.js";

export type LogLevel = "debug" | "info" | "warning";
export type ReconcileLog = (level: LogLevel, message: string) => void;

export interface ExecutionSummary {
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface ExecutionContext {
  /** Entity key -> GARM id, of entities GARM already has. */
  readonly entityIds: ReadonlyMap<string, string>;
  /** Template name -> id, of the charm's templates GARM already has. */
  readonly templateIds: ReadonlyMap<string, number>;
  readonly webhookSecret: string;
  readonly log: ReconcileLog;
}

/** A scale set could not be created or deleted for a reason the next pass may not have. */
class DeferredError extends Error {
  override readonly name = "DeferredError";
}

function appAuth(credential: DesiredCredential) {
  return {
    type: "app" as const,
    appId: credential.appId,
    installationId: credential.installationId,
    privateKeyPem: credential.privateKeyPem,
  };
}

export async function executeOperations(
  client: GarmClient,
  operations: readonly Operation[],
  context: ExecutionContext,
): Promise<{ problems: ReconcileProblem[]; summary: ExecutionSummary }> {
  const entityIds = new Map(context.entityIds);
  const templateIds = new Map(context.templateIds);
  const failed = new Set<string>();
  const problems: ReconcileProblem[] = [];
  let succeeded = 0;
  let skipped = 0;
  let failures = 0;
  const { log } = context;

  const templateId = (name: string): number => {
    const id = templateIds.get(name);
    if (id === undefined) throw new DeferredError(`template ${name} does not exist in GARM yet`);
    return id;
  };

  const createScaleset = async (
    scaleset: DesiredScaleset,
    extraSpecs: ScalesetExtraSpecs,
    template: string,
  ) => {
    const entity = entityIds.get(entityKey(scaleset.entity.kind, scaleset.entity.name));
    if (entity === undefined) {
      throw new DeferredError(
        `${scaleset.entity.kind} ${scaleset.entity.name} is not registered in GARM yet`,
      );
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
      templateId: templateId(template),
    });
  };

  /**
   * Disable (GARM refuses to delete an enabled scale set), delete, and list to be sure. While its
   * runners drain GARM refuses the delete; the disable is not repeated on the passes after.
   */
  const removeScaleset = async (id: number, name: string, alreadyDisabled: boolean) => {
    if (!alreadyDisabled) await client.updateScaleSet(id, { enabled: false, minIdleRunners: 0 });
    // GARM refuses to delete a scale set that still has runners; while a disabled one drains, ask
    // (a read) instead of sending a delete that is bound to fail on every hook.
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
  };

  const run = async (op: Operation): Promise<void> => {
    switch (op.kind) {
      case "create-credential":
        await client.createCredentials({
          name: op.credential.name,
          description: credentialDescription(op.credential.keyFingerprint),
          endpoint: GITHUB_ENDPOINT,
          auth: appAuth(op.credential),
        });
        return;
      case "rotate-credential-key":
        await client.updateCredentials(op.id, {
          description: credentialDescription(op.credential.keyFingerprint),
          auth: appAuth(op.credential),
        });
        return;
      case "delete-credential":
        await client.deleteCredentials(op.id);
        return;
      case "create-entity": {
        const { entity } = op;
        const common = { credentialsName: entity.credentialsName, webhookSecret: context.webhookSecret };
        let id: string;
        if (entity.kind === "organization") {
          id = (await client.createOrganisation({ name: entity.name, ...common })).id;
        } else {
          const slash = entity.name.indexOf("/");
          id = (
            await client.createRepository({
              owner: entity.name.slice(0, slash),
              name: entity.name.slice(slash + 1),
              ...common,
            })
          ).id;
        }
        entityIds.set(entityKey(entity.kind, entity.name), id);
        return;
      }
      case "update-entity-credentials":
        if (op.entity.kind === "organization") {
          await client.updateOrganisation(op.id, { credentialsName: op.entity.credentialsName });
        } else {
          await client.updateRepository(op.id, { credentialsName: op.entity.credentialsName });
        }
        return;
      case "delete-entity":
        if (op.entityKind === "organization") await client.deleteOrganisation(op.id);
        else await client.deleteRepository(op.id);
        return;
      case "create-template": {
        const created = await client.createTemplate({
          name: op.name,
          description: op.description,
          osType: "linux",
          forgeType: "github",
          script: op.script,
        });
        templateIds.set(op.name, created.id);
        return;
      }
      case "update-template":
        await client.updateTemplate(op.id, { description: op.description, script: op.script });
        return;
      case "delete-template":
        await client.deleteTemplate(op.id);
        return;
      case "create-scaleset":
        await createScaleset(op.scaleset, op.extraSpecs, op.templateName);
        return;
      case "update-scaleset":
        await client.updateScaleSet(op.id, {
          ...op.changes,
          ...(op.templateName === undefined ? {} : { templateId: templateId(op.templateName) }),
        });
        return;
      case "recreate-scaleset":
        log("warning", `re-creating scaleset ${op.scaleset.name}: ${op.reason}`);
        await removeScaleset(op.id, op.scaleset.name, op.alreadyDisabled);
        await createScaleset(op.scaleset, op.extraSpecs, op.templateName);
        return;
      case "delete-scaleset":
        await removeScaleset(op.id, op.name, op.alreadyDisabled);
        return;
    }
  };

  for (const [index, op] of operations.entries()) {
    const description = describeOperation(op);
    const blocker = op.after.find((key) => failed.has(key));
    if (blocker !== undefined) {
      skipped += 1;
      failed.add(op.key);
      log("debug", `not yet: ${description} (waits for ${blocker})`);
      continue;
    }
    try {
      await run(op);
      succeeded += 1;
      log("info", description);
    } catch (err) {
      failures += 1;
      failed.add(op.key);
      if (err instanceof GarmUnavailableError) {
        problems.push(problem("GARM", `unreachable during "${description}": ${err.message}`, "waiting"));
        skipped += operations.length - index - 1;
        break;
      }
      if (err instanceof DeferredError || err instanceof GarmApiError || err instanceof GarmProtocolError) {
        problems.push(problem(description, `failed, will retry: ${err.message}`, "waiting"));
        log("warning", `could not ${description}: ${err.message}`);
        continue;
      }
      if (err instanceof GarmRequestInvalidError) {
        problems.push(problem(description, err.message, "blocked"));
        log("warning", `could not ${description}: ${err.message}`);
        continue;
      }
      throw err;
    }
  }
  return { problems, summary: { succeeded, failed: failures, skipped } };
}
