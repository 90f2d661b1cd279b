/**
 * Entry file of the packed charm (`dist/charm.cjs`, what `dispatch` runs): for an event the charm
 * observes it runs the hook bundle (`hook.ts`, packed as `dist/hook-<hash>.cjs`) through a V8 code
 * cache; for any other event it exits at once, having loaded a few kilobytes.
 */
import { dispatchHookBundle } from "@garm-charms/charm-runtime/dispatch";

import { OBSERVED_EVENTS, RECONCILED_EVENTS } from "./observed-events.js";

/** The hook bundle's file name in dist/, set by the pack (it carries a hash of the content). */
declare const CHARM_HOOK_BUNDLE: string;

dispatchHookBundle(OBSERVED_EVENTS, RECONCILED_EVENTS, CHARM_HOOK_BUNDLE);
