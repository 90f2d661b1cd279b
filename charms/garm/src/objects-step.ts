/** The contract between the reconcile and its GARM object step (kept apart to avoid an import cycle). */
import type { HookContext, StatusToSet } from "@garm-charms/charm-runtime";
import type { GarmClient } from "@garm-charms/garm-client";
import type { CharmState } from "./state.js";

/** Everything the GARM object reconcilers (credentials, entities, templates, scalesets) get. */
export interface GarmObjectsInput {
  /** Logged in as admin, controller URLs set. */
  readonly client: GarmClient;
  readonly ctx: HookContext;
  readonly state: CharmState;
}

/**
 * Reconciles GARM's objects. Resolves with the status to show when something is left undone,
 * undefined when GARM matches; throwing makes the status "GARM sync failed: <reason>".
 */
export type GarmObjectsStep = (input: GarmObjectsInput) => Promise<StatusToSet | undefined>;
