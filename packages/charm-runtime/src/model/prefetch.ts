/**
 * Reading ahead: a charm names the reads every run of its reconcile makes, and they start together
 * instead of one hook-tool process after another (Juju's hook tools are independent RPCs to the
 * unit agent). Results land in the hook's read cache, where the charm's own reads find them; a
 * failure waits there for the charm's read of the same thing, which sees it as if it had read it.
 * Writes are never made ahead: they stay in the charm's order.
 */
import { configGet } from "../hook-tools/config.js";
import { isLeader } from "../hook-tools/leadership.js";
import { openedPorts } from "../hook-tools/ports.js";
import { relationGet } from "../hook-tools/relations.js";
import { secretGet, secretInfoGet, type SecretLookup, type SecretReadMode } from "../hook-tools/secrets.js";
import type { HookToolSession } from "../hook-tools/session.js";
import { stateGet } from "../hook-tools/state.js";
import { loadRelations, type Relation, type RelationScope } from "./relations.js";
import { canonicalSecretId } from "./secrets.js";

/** Which databags of a relation to read: `remote-units` is every listed remote unit's bag. */
export type PrefetchBag = "local-unit" | "local-app" | "remote-units" | "remote-app";

export interface PrefetchSecret extends SecretLookup {
  readonly mode?: SecretReadMode;
}

export interface PrefetchPlan {
  readonly config?: boolean;
  readonly isLeader?: boolean;
  /** Endpoint -> the databags to read on each of its relations (`local-app` on the leader only). */
  readonly relations?: Readonly<Record<string, readonly PrefetchBag[]>>;
  /** Secrets to read, each as the charm will read it (same lookup, same mode). */
  readonly secrets?: readonly PrefetchSecret[];
  /**
   * Labels of secrets the application owns (leader only): `secret-info-get --label`, then the
   * latest content by id (`--peek`), as `findOwnedSecret(label)` and `getContent({ peek: true })`.
   */
  readonly ownedSecretsPeek?: readonly string[];
  readonly charmState?: boolean;
  readonly openedPorts?: boolean;
}

/** Starts every read of `plan` at once and waits for all of them; never throws. */
export async function prefetch(scope: RelationScope, modelUuid: string, plan: PrefetchPlan): Promise<void> {
  const ahead = scope.session.readingAhead();
  const leader = (): Promise<boolean> => isLeader(ahead);
  const reads: Promise<unknown>[] = [];
  if (plan.config === true) reads.push(configGet(ahead));
  if (plan.isLeader === true) reads.push(leader());
  if (plan.charmState === true) reads.push(stateGet(ahead));
  if (plan.openedPorts === true) reads.push(openedPorts(ahead));
  for (const secret of plan.secrets ?? []) {
    reads.push(secretGet(ahead, { id: secret.id, label: secret.label }, secret.mode ?? "tracked"));
  }
  for (const label of plan.ownedSecretsPeek ?? []) {
    reads.push(
      ifLeader(leader, async () => {
        const info = await secretInfoGet(ahead, { label });
        await secretGet(ahead, { id: canonicalSecretId(info.id, modelUuid) }, "peek");
      }),
    );
  }
  for (const [endpoint, bags] of Object.entries(plan.relations ?? {})) {
    reads.push(
      loadRelations({ ...scope, session: ahead }, endpoint).then((relations) =>
        Promise.all(relations.map((relation) => readBags(ahead, relation, bags, leader))),
      ),
    );
  }
  await Promise.allSettled(reads);
}

async function ifLeader(leader: () => Promise<boolean>, read: () => Promise<void>): Promise<void> {
  if (await leader()) await read();
}

function readBags(
  session: HookToolSession,
  relation: Relation,
  bags: readonly PrefetchBag[],
  leader: () => Promise<boolean>,
): Promise<unknown> {
  const ref = { endpoint: relation.endpoint, id: relation.id };
  const reads = bags.map((bag): Promise<unknown> => {
    switch (bag) {
      case "local-unit":
        return relationGet(session, { ...ref, app: false, member: relation.local.unit });
      case "local-app":
        return ifLeader(leader, async () => {
          await relationGet(session, { ...ref, app: true, member: relation.local.app });
        });
      case "remote-app":
        return relation.remoteAppName === undefined
          ? Promise.resolve()
          : relationGet(session, { ...ref, app: true, member: relation.remoteAppName });
      case "remote-units":
        return Promise.all(
          relation.remoteUnits.map((unit) => relationGet(session, { ...ref, app: false, member: unit })),
        );
    }
  });
  return Promise.allSettled(reads);
}
