/**
 * `prometheus_scrape` interface, provider side (wire-compatible with prometheus_k8s v0
 * `MetricsEndpointProvider`, LIBPATCH 58): the scrape jobs, topology and alert rules a charm
 * publishes so that Prometheus scrapes its units. App databag values are JSON documents; unit
 * databag values are plain strings.
 */
import { readJsonValue } from "./json-value.js";
import * as z from "zod";
import type { DatabagProblem, DatabagRead } from "./validators.js";
import { pythonJsonDumps } from "./python-json.js";

type Databag = Readonly<Record<string, string>>;

/** Juju topology of the publishing application, in the key order the library writes it. */
export interface ScrapeTopology {
  readonly model: string;
  readonly modelUuid: string;
  readonly application: string;
  /** The unit that wrote the data (the leader). */
  readonly unit: string;
  readonly charmName: string;
}

const staticConfigSchema = z.object({
  targets: z.array(z.string().regex(/^[A-Za-z0-9.*:[\]_-]+:[0-9]{1,5}$/, "target must be host:port")),
  labels: z.record(z.string(), z.string()).optional(),
});

/** The scrape-job keys the library lets through; everything else is dropped when publishing. */
const scrapeJobSchema = z.object({
  job_name: z.string().min(1).optional(),
  metrics_path: z.string().startsWith("/").optional(),
  static_configs: z.array(staticConfigSchema).optional(),
  scrape_interval: z.string().optional(),
  scrape_timeout: z.string().optional(),
  proxy_url: z.string().optional(),
  relabel_configs: z.array(z.record(z.string(), z.unknown())).optional(),
  metric_relabel_configs: z.array(z.record(z.string(), z.unknown())).optional(),
  sample_limit: z.number().int().optional(),
  label_limit: z.number().int().optional(),
  label_name_length_limit: z.number().int().optional(),
  label_value_length_limit: z.number().int().optional(),
  scheme: z.enum(["http", "https"]).optional(),
  basic_auth: z.record(z.string(), z.unknown()).optional(),
  tls_config: z.record(z.string(), z.unknown()).optional(),
  authorization: z.record(z.string(), z.unknown()).optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
});

export type ScrapeJob = z.infer<typeof scrapeJobSchema>;

/** The library's default job; each published job is this, overlaid with the job's allowed keys. */
const DEFAULT_SCRAPE_JOB = {
  metrics_path: "/metrics",
  static_configs: [{ targets: ["*:80"] }],
} as const satisfies ScrapeJob;

/** GARM serves `/metrics` on its API port; `*` means "each unit's address" to the consumer. */
export function garmScrapeJobs(port: number): ScrapeJob[] {
  return [{ job_name: "garm", metrics_path: "/metrics", static_configs: [{ targets: [`*:${port}`] }] }];
}

const alertRuleGroupSchema = z.object({
  name: z.string().min(1),
  rules: z.array(z.record(z.string(), z.unknown())),
});

const alertRulesSchema = z.object({ groups: z.array(alertRuleGroupSchema) });

export type AlertRules = z.infer<typeof alertRulesSchema>;

export interface ScrapeProviderAppData {
  readonly topology: ScrapeTopology;
  readonly jobs: readonly ScrapeJob[];
  /** Alert rule groups; none by default. */
  readonly alertRules?: AlertRules;
}

const ALLOWED_JOB_KEYS: ReadonlySet<string> = new Set(Object.keys(scrapeJobSchema.shape));

/**
 * Sanitises one job as the library does: a copy of the default job, updated with the job's allowed
 * keys in the job's own order (a Python dict update: keys already in the default keep their place,
 * new ones follow). Values go out as given once they validate. Throws on a malformed job: jobs come
 * from charm code, not from a remote.
 */
function sanitiseJob(job: ScrapeJob): Record<string, unknown> {
  scrapeJobSchema.parse(job);
  const allowed = Object.entries(job).filter(
    ([key, value]) => ALLOWED_JOB_KEYS.has(key) && value !== undefined,
  );
  return { ...DEFAULT_SCRAPE_JOB, ...Object.fromEntries(allowed) };
}

/**
 * The provider's app databag (leader only), every value JSON as Python's `json.dumps` writes it. An
 * empty job list publishes the library default job.
 */
export function prometheusScrapeAppData(data: ScrapeProviderAppData): Record<string, string> {
  const jobs = data.jobs.length === 0 ? [{ ...DEFAULT_SCRAPE_JOB }] : data.jobs.map(sanitiseJob);
  const alertRules = data.alertRules ?? { groups: [] };
  alertRulesSchema.parse(alertRules);
  const { topology } = data;
  return {
    scrape_metadata: pythonJsonDumps({
      model: topology.model,
      model_uuid: topology.modelUuid,
      application: topology.application,
      unit: topology.unit,
      charm_name: topology.charmName,
    }),
    scrape_jobs: pythonJsonDumps(jobs),
    alert_rules: pythonJsonDumps(alertRules),
  };
}

export interface ScrapeUnitAddress {
  /** Address that replaces `*` in targets: the unit's IP, or its FQDN when it has no IP. */
  readonly address: string;
  /** Juju unit name, e.g. `garm/0`. */
  readonly unitName: string;
  /** Path prefix before `metrics_path`; empty unless served under an external URL path. */
  readonly path?: string;
  /** The unit's FQDN; the consumer matches non-wildcard targets against it. */
  readonly fqdn?: string;
}

/** Every provider unit's databag; values are plain strings. */
export function prometheusScrapeUnitData(unit: ScrapeUnitAddress): Record<string, string> {
  return {
    prometheus_scrape_unit_address: unit.address,
    prometheus_scrape_unit_name: unit.unitName,
    prometheus_scrape_unit_path: unit.path ?? "",
    prometheus_scrape_unit_fqdn: unit.fqdn ?? "",
  };
}

const scrapeMetadataSchema = z.object({
  model: z.string(),
  model_uuid: z.string(),
  application: z.string(),
  unit: z.string(),
  charm_name: z.string(),
});

export interface PublishedScrapeData {
  readonly topology: ScrapeTopology;
  readonly jobs: readonly ScrapeJob[];
  readonly alertRules: AlertRules;
}

export type ScrapeReadResult = DatabagRead<PublishedScrapeData>;

type KeyRead<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: DatabagProblem };

function parseJsonKey<T>(bag: Databag, key: string, schema: z.ZodType<T>): KeyRead<T> {
  const raw = bag[key];
  if (raw === undefined || raw === "")
    return { ok: false, problem: { key, message: `${key} not published yet` } };
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    if (parsed.success) return { ok: true, value: parsed.data };
  } catch {
    // Not JSON: reported like a schema mismatch below.
  }
  return { ok: false, problem: { key, message: `${key} is not valid` } };
}

/**
 * Reads a provider app databag back (the consumer's view), so that tests check what was written
 * against the same schemas. Never throws.
 */
export function readPrometheusScrapeAppData(bag: Databag): ScrapeReadResult {
  const metadata = parseJsonKey(bag, "scrape_metadata", scrapeMetadataSchema);
  const jobs = parseJsonKey(bag, "scrape_jobs", z.array(scrapeJobSchema));
  const rules = parseJsonKey(bag, "alert_rules", alertRulesSchema);
  if (!metadata.ok || !jobs.ok || !rules.ok) {
    const problems = [metadata, jobs, rules].flatMap((read) => (read.ok ? [] : [read.problem]));
    const missing = problems.filter((p) => (bag[p.key] ?? "") === "").map((p) => p.key);
    if (missing.length === problems.length) return { ok: false, state: "incomplete", missing, problems };
    return { ok: false, state: "invalid", problems };
  }
  const meta = metadata.value;
  return {
    ok: true,
    value: {
      topology: {
        model: meta.model,
        modelUuid: meta.model_uuid,
        application: meta.application,
        unit: meta.unit,
        charmName: meta.charm_name,
      },
      jobs: jobs.value,
      alertRules: rules.value,
    },
  };
}

/** What the consumer (Prometheus) says about the rules and jobs it received; informational only. */
export interface ScrapeConsumerVerdict {
  readonly valid: boolean;
  readonly errors: string;
  readonly scrapeJobErrors: string;
}

const consumerEventSchema = z.object({
  valid: z.boolean().optional(),
  errors: z.string().optional(),
  scrape_job_errors: z.string().optional(),
});

/**
 * The consumer's app databag key `event` (a JSON document `{"valid", "errors",
 * "scrape_job_errors"}`), as the library reads it on relation-changed. Undefined when absent, empty
 * or unreadable: it only ever feeds a log line. A missing `valid` counts as true, as in the library.
 */
export function readScrapeConsumerVerdict(remoteAppData: Databag): ScrapeConsumerVerdict | undefined {
  const verdict = readJsonValue(remoteAppData["event"], consumerEventSchema);
  if (verdict === undefined || Object.keys(verdict).length === 0) return undefined;
  return {
    valid: verdict.valid ?? true,
    errors: verdict.errors ?? "",
    scrapeJobErrors: verdict.scrape_job_errors ?? "",
  };
}
