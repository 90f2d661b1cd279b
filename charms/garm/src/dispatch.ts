/**
 * Entry file of the packed charm (`dist/charm.cjs`, what `dispatch` runs): for an event the charm
 * observes it starts the reads every reconcile makes (for the events it reconciles on) and runs
 * the hook bundle (`hook.ts`, packed as `dist/hook-<hash>.cjs`) through a V8 code cache; for any
 * other event it exits at once, having loaded a few kilobytes.
 */
import { dispatchHookBundle } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS } from "./observed-events.js";
import { READ_AHEAD } from "./read-ahead.js";

/** The hook bundle's file name in dist/, set by the pack (it carries a hash of the content). */
declare const CHARM_HOOK_BUNDLE: string;

void dispatchHookBundle(OBSERVED_EVENTS, { bundle: CHARM_HOOK_BUNDLE, readAhead: READ_AHEAD });
