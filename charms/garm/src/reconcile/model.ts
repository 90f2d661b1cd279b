/**
 * The reconcile's model of what the configurators want: desired objects and the names protected
 * from change. Shared by the unit reader, the desired-state builder and the diffs.
 */
import { formatPortRanges, type RunnerOptions as PublishedRunnerOptions } from "@garm-charms/interfaces";
import type { OsArch, ScaleSet } from "@garm-charms/garm-client";
import type { RunnerOptions } from "../runner-template/index.js";

/** The pre-install extra specs of a scale set, in GARM's wire format. */
export type ScalesetExtraSpecs = Readonly<Record<string, unknown>>;

/** One remote configurator unit as the charm read it in this hook (the relation reader's output). */
export type { ConfiguratorUnit } from "../relations/configurator.js";

export type EntityKind = "organization" | "repository";

export interface DesiredCredential {
  readonly name: string;
  readonly appId: number;
  readonly installationId: number;
  readonly privateKeyPem: string;
  readonly keyFingerprint: string;
}

export interface DesiredEntity {
  readonly kind: EntityKind;
  /** `org` or `owner/repo`. */
  readonly name: string;
  readonly credentialsName: string;
}

export interface DesiredScaleset {
  readonly name: string;
  readonly unitName: string;
  readonly providerName: string;
  readonly image: string;
  readonly flavor: string;
  readonly osArch: OsArch;
  readonly minIdleRunners: number;
  readonly maxRunners: number;
  /** Sorted, as the charm sends them. */
  readonly labels: readonly string[];
  /** GitHub's `Default` when the configurator sets none. */
  readonly runnerGroup: string;
  readonly entity: { readonly kind: EntityKind; readonly name: string };
  readonly preInstallScripts: Readonly<Record<string, string>>;
  readonly runnerOptions: RunnerOptions;
  /** The pre-install extra specs, rendered and re-validated; `{}` when there is nothing to send. */
  readonly extraSpecs: ScalesetExtraSpecs;
  /**
   * The pressure reconciler owns `min_idle_runners` (a planner link): the charm sets it only at
   * creation, to `minIdleRunners` (the floor), and never in an update but to clamp it under a
   * lowered `maxRunners`.
   */
  readonly plannerManaged: boolean;
}

/** Names of objects that belong to units whose data cannot be acted on right now. */
export interface ProtectedNames {
  readonly scalesets: ReadonlySet<string>;
  /** Every scale set on these providers is protected too, whatever its name. */
  readonly providers: ReadonlySet<string>;
  /** `entityKey(kind, name)`. */
  readonly entities: ReadonlySet<string>;
  readonly credentials: ReadonlySet<string>;
  readonly templates: ReadonlySet<string>;
}

export const DEFAULT_RUNNER_GROUP = "Default";

/** GARM compares organisation and repository names case-insensitively. */
export function entityKey(kind: EntityKind, name: string): string {
  return `${kind}:${name.toLowerCase()}`;
}

export function toRunnerTemplateOptions(published: PublishedRunnerOptions): RunnerOptions {
  const options: RunnerOptions = {};
  if (published.dockerhubMirror !== undefined) options.dockerhubMirror = published.dockerhubMirror;
  if (published.runnerHttpProxy !== undefined) options.httpProxy = published.runnerHttpProxy;
  if (published.aproxyExcludeAddresses.length > 0)
    options.aproxyExcludeAddresses = [...published.aproxyExcludeAddresses];
  if (published.aproxyRedirectPorts.length > 0)
    options.aproxyRedirectPorts = formatPortRanges(published.aproxyRedirectPorts).split(",");
  if (published.otelCollectorEndpoint !== undefined)
    options.otelCollectorEndpoint = published.otelCollectorEndpoint;
  if (published.preJobScript !== undefined) options.preJobScript = published.preJobScript;
  return options;
}

/** The entity key of the organisation or repository a scale set in GARM belongs to. */
export function observedEntityKey(scaleset: ScaleSet): string | undefined {
  const owner = scaleset.owner;
  if (owner === undefined || owner.kind === "enterprise") return undefined;
  return entityKey(owner.kind === "organisation" ? "organization" : "repository", owner.name);
}
