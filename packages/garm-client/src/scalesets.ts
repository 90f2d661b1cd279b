import * as z from "zod";
import { GarmRequestInvalidError } from "./errors.js";
import { definedFields, wireCount, wireExtraSpecs, wireFlag, wireList, wireText } from "./wire-common.js";
import type { OsType } from "./templates.js";

/** The GitHub entity a scale set is created under or listed for. */
export type ScaleSetOwner = { readonly orgId: string } | { readonly repoId: string };

/** The entity GARM reports a scale set belongs to. */
export interface ScaleSetOwnerRef {
  readonly kind: "organisation" | "repository" | "enterprise";
  readonly id: string;
  /** `org`, `owner/repo` or the enterprise name. */
  readonly name: string;
}

export type OsArch = "amd64" | "arm64" | "arm" | "i386";

/**
 * A scale set as GARM reports it, with GARM's omitted zero values filled in (0, false, "", [],
 * {}), so that comparing it with a desired scale set does not see drift that is not there.
 */
export interface ScaleSet {
  readonly id: number;
  /** The id of the scale set on GitHub's side (0 until GitHub answered). */
  readonly githubScaleSetId: number;
  readonly name: string;
  readonly providerName: string;
  readonly image: string;
  readonly flavor: string;
  readonly osType: string;
  readonly osArch: string;
  readonly maxRunners: number;
  readonly minIdleRunners: number;
  readonly enabled: boolean;
  readonly disableUpdate: boolean;
  readonly enableShell: boolean;
  readonly runnerBootstrapTimeout: number;
  /** "" means GitHub's `Default` group. */
  readonly runnerGroup: string;
  readonly runnerPrefix: string;
  /** The user labels given at creation (GARM's `tags`); they cannot be changed afterwards. */
  readonly labels: readonly string[];
  readonly extraSpecs: Readonly<Record<string, unknown>>;
  readonly templateId: number;
  readonly templateName: string;
  readonly state: string;
  readonly extendedState: string;
  readonly desiredRunnerCount: number;
  readonly owner: ScaleSetOwnerRef | undefined;
}

export interface CreateScaleSetParams {
  readonly name: string;
  readonly providerName: string;
  readonly image: string;
  readonly flavor: string;
  readonly osType: OsType;
  readonly osArch: OsArch;
  readonly maxRunners: number;
  readonly minIdleRunners: number;
  /** GARM's default is false. */
  readonly enabled?: boolean;
  /** Minutes; GARM's default is 20. */
  readonly runnerBootstrapTimeout?: number;
  /** GitHub runner group; GARM's default is `Default`. */
  readonly runnerGroup?: string;
  readonly labels?: readonly string[];
  readonly extraSpecs?: Readonly<Record<string, unknown>>;
  /** Runner-install template; GARM picks its system template for the OS and forge without it. */
  readonly templateId?: number;
  readonly runnerPrefix?: string;
  readonly enableShell?: boolean;
  readonly disableUpdate?: boolean;
}

/**
 * Only the fields given change. Labels cannot be changed after creation (GARM has no field for
 * it); there is no way back to "no template": send the system template's id instead.
 */
export interface UpdateScaleSetParams {
  readonly name?: string;
  readonly image?: string;
  readonly flavor?: string;
  readonly osType?: OsType;
  readonly osArch?: OsArch;
  readonly maxRunners?: number;
  readonly minIdleRunners?: number;
  readonly enabled?: boolean;
  readonly runnerBootstrapTimeout?: number;
  readonly runnerGroup?: string;
  readonly extraSpecs?: Readonly<Record<string, unknown>>;
  readonly templateId?: number;
  readonly runnerPrefix?: string;
  readonly enableShell?: boolean;
  readonly disableUpdate?: boolean;
}

/** What deleteScaleSet found when it re-listed: GARM may answer 200 and keep the scale set. */
export interface ScaleSetDeleteOutcome {
  readonly gone: boolean;
}

export const scaleSetWire = z
  .object({
    id: z.number().int().nonnegative(),
    scale_set_id: wireCount,
    name: z.string(),
    provider_name: wireText,
    image: wireText,
    flavor: wireText,
    os_type: wireText,
    os_arch: wireText,
    max_runners: wireCount,
    min_idle_runners: wireCount,
    enabled: wireFlag,
    disable_update: wireFlag,
    enable_shell: wireFlag,
    runner_bootstrap_timeout: wireCount,
    "github-runner-group": wireText,
    runner_prefix: wireText,
    tags: wireList(z.object({ name: z.string() })),
    extra_specs: wireExtraSpecs,
    template_id: wireCount,
    template_name: wireText,
    state: wireText,
    extended_state: wireText,
    desired_runner_count: z.number().int().optional().default(0),
    org_id: wireText,
    org_name: wireText,
    repo_id: wireText,
    repo_name: wireText,
    enterprise_id: wireText,
    enterprise_name: wireText,
  })
  .transform((s): ScaleSet => ({
    id: s.id,
    githubScaleSetId: s.scale_set_id,
    name: s.name,
    providerName: s.provider_name,
    image: s.image,
    flavor: s.flavor,
    osType: s.os_type,
    osArch: s.os_arch,
    maxRunners: s.max_runners,
    minIdleRunners: s.min_idle_runners,
    enabled: s.enabled,
    disableUpdate: s.disable_update,
    enableShell: s.enable_shell,
    runnerBootstrapTimeout: s.runner_bootstrap_timeout,
    runnerGroup: s["github-runner-group"],
    runnerPrefix: s.runner_prefix,
    labels: s.tags.map((tag) => tag.name),
    extraSpecs: s.extra_specs,
    templateId: s.template_id,
    templateName: s.template_name,
    state: s.state,
    extendedState: s.extended_state,
    desiredRunnerCount: s.desired_runner_count,
    owner: ownerRef(s),
  }));

export const scaleSetsWire = wireList(scaleSetWire);

/** A runner (GARM "instance") of a scale set: what callers need before deleting it. */
export interface ScaleSetRunner {
  readonly name: string;
  /** GARM's view of the VM: `running`, `pending_create`, `pending_delete`, ... */
  readonly status: string;
  /** GitHub's view of the runner: `pending`, `idle`, `active`, ... */
  readonly runnerStatus: string;
  readonly providerName: string;
}

export const scaleSetRunnerWire = z
  .object({ name: z.string(), status: wireText, runner_status: wireText, provider_name: wireText })
  .transform((r): ScaleSetRunner => ({
    name: r.name,
    status: r.status,
    runnerStatus: r.runner_status,
    providerName: r.provider_name,
  }));

export const scaleSetRunnersWire = wireList(scaleSetRunnerWire);

function ownerRef(s: {
  org_id: string;
  org_name: string;
  repo_id: string;
  repo_name: string;
  enterprise_id: string;
  enterprise_name: string;
}): ScaleSetOwnerRef | undefined {
  if (s.org_id !== "") return { kind: "organisation", id: s.org_id, name: s.org_name };
  if (s.repo_id !== "") return { kind: "repository", id: s.repo_id, name: s.repo_name };
  if (s.enterprise_id !== "") return { kind: "enterprise", id: s.enterprise_id, name: s.enterprise_name };
  return undefined;
}

/** `/organizations/{id}` or `/repositories/{id}`. */
export function ownerPath(owner: ScaleSetOwner): string {
  if ("orgId" in owner) return `/organizations/${encodeURIComponent(owner.orgId)}`;
  return `/repositories/${encodeURIComponent(owner.repoId)}`;
}

function requireText(field: string, value: string): void {
  if (value.trim() === "") throw new GarmRequestInvalidError(`scale set ${field} must not be empty`);
}

function requireWhole(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new GarmRequestInvalidError(`scale set ${field} must be a whole number >= ${min}, got ${value}`);
  }
}

/**
 * GARM validates a new scale set only after creating it on GitHub, and answers a bare 500 for
 * an empty name/provider/image/flavor, max_runners 0 or min_idle_runners > max_runners.
 */
export function validateCreateScaleSet(params: CreateScaleSetParams): void {
  requireText("provider name", params.providerName);
  validateUpdateScaleSet(params);
  for (const label of params.labels ?? []) requireText("label", label);
}

/**
 * Checks the fields given (a create runs these too). GARM answers 400/404 for them on update;
 * failing early keeps the message about the caller's input.
 */
export function validateUpdateScaleSet(params: UpdateScaleSetParams): void {
  if (params.name !== undefined) requireText("name", params.name);
  if (params.image !== undefined) requireText("image", params.image);
  if (params.flavor !== undefined) requireText("flavor", params.flavor);
  if (params.maxRunners !== undefined) requireWhole("max runners", params.maxRunners, 1);
  if (params.minIdleRunners !== undefined) requireWhole("min idle runners", params.minIdleRunners, 0);
  if (
    params.maxRunners !== undefined &&
    params.minIdleRunners !== undefined &&
    params.minIdleRunners > params.maxRunners
  ) {
    throw new GarmRequestInvalidError(
      `scale set min idle runners (${params.minIdleRunners}) must not exceed max runners (${params.maxRunners})`,
    );
  }
  if (params.runnerBootstrapTimeout !== undefined) {
    requireWhole("runner bootstrap timeout", params.runnerBootstrapTimeout, 1);
  }
  // template_id 0 is looked up and answers 404; it does not mean "back to the default".
  if (params.templateId !== undefined) requireWhole("template id", params.templateId, 1);
}

export function createScaleSetToWire(params: CreateScaleSetParams): Record<string, unknown> {
  return {
    name: params.name,
    provider_name: params.providerName,
    image: params.image,
    flavor: params.flavor,
    os_type: params.osType,
    os_arch: params.osArch,
    max_runners: params.maxRunners,
    min_idle_runners: params.minIdleRunners,
    enabled: params.enabled ?? false,
    labels: [...(params.labels ?? [])],
    ...definedFields<unknown>({
      runner_bootstrap_timeout: params.runnerBootstrapTimeout,
      // Create spells the group `github-runner-group`; update spells it `runner_group`.
      "github-runner-group": params.runnerGroup,
      extra_specs: params.extraSpecs,
      template_id: params.templateId,
      runner_prefix: params.runnerPrefix,
      enable_shell: params.enableShell,
      disable_update: params.disableUpdate,
    }),
  };
}

export function updateScaleSetToWire(params: UpdateScaleSetParams): Record<string, unknown> {
  return definedFields<unknown>({
    name: params.name,
    image: params.image,
    flavor: params.flavor,
    os_type: params.osType,
    os_arch: params.osArch,
    max_runners: params.maxRunners,
    min_idle_runners: params.minIdleRunners,
    enabled: params.enabled,
    runner_bootstrap_timeout: params.runnerBootstrapTimeout,
    runner_group: params.runnerGroup,
    extra_specs: params.extraSpecs,
    template_id: params.templateId,
    runner_prefix: params.runnerPrefix,
    enable_shell: params.enableShell,
    disable_update: params.disableUpdate,
  });
}
