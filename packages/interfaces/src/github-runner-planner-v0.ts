/**
 * `github_runner_planner_v0`: a runner app (requirer, endpoint `planner`) declares one planner
 * flavor; the planner charm (provider) answers with its URL and a token. Application databags
 * only, written by each side's leader; every value is a string.
 *
 * Requirer app databag: `flavor`, `labels` (JSON list), `platform`, `priority`,
 * `minimum-pressure`. Provider app databag: `endpoint` and `token`, the URI of a secret the
 * planner owns and grants to the relation, whose content key `token` holds the bearer token.
 * The token value never travels in a databag.
 */
import * as z from "zod";

import { LINE_MAX_LENGTH, LIST_MAX_ENTRIES, RUNNER_COUNT_MAX } from "./limits.js";
import { pythonJsonDumps } from "./python-json.js";
import {
  checkSingleLine,
  databagShapeProblems,
  documentedDatabagSchema,
  isSecretUri,
  normaliseHttpUrl,
  stripWhitespace,
  type DatabagProblem,
  type DatabagRead,
  type DatabagWrite,
} from "./validators.js";

export const PLANNER_INTERFACE = "github_runner_planner_v0";

/** The only platform the planner serves (it overwrites any other value with this one). */
export const PLANNER_PLATFORM = "github";
/** The planner's default when `priority` is absent, and github-runner's constant. */
export const PLANNER_DEFAULT_PRIORITY = 50;
/** Highest priority and minimum pressure accepted: the planner stores both as 32-bit integers. */
export const PLANNER_NUMBER_MAX = RUNNER_COUNT_MAX;
/** Content key of the planner's token secret. */
export const PLANNER_TOKEN_CONTENT_KEY = "token";
/** A bearer token: printable ASCII without spaces (header-safe), at most this long. */
export const PLANNER_TOKEN_MAX_LENGTH = 4_096;

/** Requirer (runner app) application databag keys. */
export const PLANNER_REQUIRER_KEYS = {
  flavor: "Planner flavor name, unique across the planner's relations (the scaleset name).",
  labels: 'JSON list of lowercase runner labels, e.g. ["small", "noble"] (the planner also takes CSV).',
  platform: 'Always "github".',
  priority: "Decimal integer; the planner prefers higher priorities (default 50).",
  "minimum-pressure": "Decimal integer >= 0: the floor of the flavor's pressure (default 0).",
} as const;

/** Provider (planner) application databag keys. */
export const PLANNER_PROVIDER_KEYS = {
  endpoint: "http(s) URL of the planner API, possibly with an ingress path prefix.",
  token: "Juju secret URI (as the planner prints it); content key `token` holds the bearer token.",
} as const;

export type PlannerRequirerKey = keyof typeof PLANNER_REQUIRER_KEYS;
export type PlannerProviderKey = keyof typeof PLANNER_PROVIDER_KEYS;

/** Shape of the requirer app databag, documented key by key (other keys are tolerated). */
export const plannerRequirerDatabagSchema = documentedDatabagSchema(PLANNER_REQUIRER_KEYS);
/** Shape of the provider app databag, documented key by key (other keys are tolerated). */
export const plannerProviderDatabagSchema = documentedDatabagSchema(PLANNER_PROVIDER_KEYS);

const oneLine = z
  .string()
  .min(1)
  .max(LINE_MAX_LENGTH)
  .refine((text) => checkSingleLine(text) === undefined && stripWhitespace(text) === text, {
    message: "must be one line without surrounding whitespace",
  });

/** A label as the planner stores it: lower case (it lowercases on insert, §2.4). */
const plannerLabel = oneLine.refine((label) => label === label.toLowerCase() && !label.includes(","), {
  message: "must be lower case and contain no comma",
});

/** What the requirer declares; the writer refuses anything else (a programming error). */
export const plannerFlavorSchema = z.object({
  flavor: oneLine,
  labels: z
    .array(plannerLabel)
    .min(1)
    .max(LIST_MAX_ENTRIES)
    .refine((labels) => new Set(labels).size === labels.length, { message: "must not repeat a label" }),
  platform: z.literal(PLANNER_PLATFORM),
  priority: z.number().int().min(0).max(PLANNER_NUMBER_MAX),
  minimumPressure: z.number().int().min(0).max(PLANNER_NUMBER_MAX),
});

export type PlannerFlavor = z.infer<typeof plannerFlavorSchema>;

/**
 * Labels as the planner must receive them: lower case, each once, in an order that does not
 * depend on how the operator wrote them. The planner compares labels as an ordered list and
 * re-creates the flavor on any difference (moving its jobs), so the order must be stable:
 * `first` (the scaleset name, GARM's first label) leads, the rest follow sorted.
 */
export function plannerLabels(first: string, others: readonly string[]): string[] {
  const head = first.toLowerCase();
  const rest = new Set(others.map((label) => label.toLowerCase()));
  rest.delete(head);
  return [head, ...[...rest].sort()];
}

/** The requirer's app databag; every interface key is written (all are always present). */
export function writePlannerFlavor(flavor: PlannerFlavor): DatabagWrite {
  const valid = plannerFlavorSchema.parse(flavor);
  return {
    data: {
      flavor: valid.flavor,
      labels: pythonJsonDumps(valid.labels),
      platform: valid.platform,
      priority: String(valid.priority),
      "minimum-pressure": String(valid.minimumPressure),
    } satisfies Record<PlannerRequirerKey, string>,
    removedKeys: [],
  };
}

/** The planner charm's parse of `labels`: a JSON list of strings or CSV; empty means self-hosted. */
function parseRequestedLabels(text: string): string[] | undefined {
  const trimmed = stripWhitespace(text);
  let labels: string[];
  if (trimmed.startsWith("[")) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      return undefined;
    }
    const parsed = z.array(z.string()).safeParse(json);
    if (!parsed.success) return undefined;
    labels = parsed.data;
  } else {
    labels = trimmed.split(",");
  }
  labels = labels.map((label) => stripWhitespace(label).toLowerCase()).filter((label) => label !== "");
  return labels.length === 0 ? ["self-hosted"] : labels;
}

function parsePlannerNumber(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined || text === "") return fallback;
  const trimmed = stripWhitespace(text);
  if (!/^-?[0-9]+$/u.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Math.abs(value) <= PLANNER_NUMBER_MAX ? value : undefined;
}

/**
 * The provider's view of the requirer's app databag, parsed as the planner charm parses it:
 * labels lowercased (JSON list or CSV, empty means `["self-hosted"]`), `priority` 50 and
 * `minimum-pressure` 0 when absent, `platform` forced to github. No `flavor` is `incomplete`
 * (no flavor is declared yet); a number that is not an integer is `invalid`. For a planner
 * stand-in; the configurator is never the provider.
 */
export function readPlannerFlavor(bag: unknown): DatabagRead<PlannerFlavor> {
  const shape = plannerRequirerDatabagSchema.safeParse(bag);
  if (!shape.success) return { ok: false, state: "invalid", problems: databagShapeProblems(shape.error) };
  const problems: DatabagProblem[] = [];
  const flavor = stripWhitespace(shape.data.flavor ?? "");
  if (flavor !== "" && checkSingleLine(flavor) !== undefined) {
    problems.push({ key: "flavor", message: "flavor must be a single line" });
  }
  const labels = parseRequestedLabels(shape.data.labels ?? "");
  if (labels === undefined) {
    problems.push({ key: "labels", message: "labels must be a JSON list of strings or comma-separated" });
  }
  const priority = parsePlannerNumber(shape.data.priority, PLANNER_DEFAULT_PRIORITY);
  if (priority === undefined) problems.push({ key: "priority", message: "priority must be an integer" });
  const minimumPressure = parsePlannerNumber(shape.data["minimum-pressure"], 0);
  if (minimumPressure === undefined) {
    problems.push({ key: "minimum-pressure", message: "minimum-pressure must be an integer" });
  }
  if (problems.length > 0) return { ok: false, state: "invalid", problems };
  if (flavor === "") {
    return {
      ok: false,
      state: "incomplete",
      missing: ["flavor"],
      problems: [{ key: "flavor", message: "flavor is missing" }],
    };
  }
  return {
    ok: true,
    value: {
      flavor,
      labels: labels ?? [],
      platform: PLANNER_PLATFORM,
      priority: priority ?? PLANNER_DEFAULT_PRIORITY,
      minimumPressure: minimumPressure ?? 0,
    },
  };
}

/** What the planner publishes: its URL and the URI of the token secret it granted. */
export interface PlannerProviderData {
  readonly endpoint: string;
  readonly tokenSecretUri: string;
}

/** The provider's app databag (for a planner stand-in). */
export function writePlannerProviderData(data: PlannerProviderData): DatabagWrite {
  return {
    data: { endpoint: data.endpoint, token: data.tokenSecretUri } satisfies Record<
      PlannerProviderKey,
      string
    >,
    removedKeys: [],
  };
}

/**
 * A present value, or undefined when absent; blank and padded values are refused (the planner
 * never writes either), recorded in `problems`.
 */
function presentValue(
  data: Readonly<Record<string, string | undefined>>,
  key: PlannerProviderKey,
  problems: DatabagProblem[],
  missing: string[],
): string | undefined {
  const value = data[key];
  if (value === undefined || value === "") {
    missing.push(key);
    problems.push({ key, message: `${key} is missing` });
    return undefined;
  }
  if (stripWhitespace(value) === "") {
    problems.push({ key, message: `${key} must not be blank` });
    return undefined;
  }
  if (stripWhitespace(value) !== value) {
    problems.push({ key, message: `${key} must not start or end with whitespace` });
    return undefined;
  }
  return value;
}

/**
 * Reads the planner's app databag as untrusted input. Never throws. A missing key is
 * `incomplete` (the planner has not answered yet: it issues the token once our flavor is in our
 * databag); `endpoint` that is not an http(s) URL or `token` that is not a secret URI is
 * `invalid`. The endpoint comes back in canonical form (`HTTPS://` is `https://`).
 */
export function readPlannerProviderData(bag: unknown): DatabagRead<PlannerProviderData> {
  const shape = plannerProviderDatabagSchema.safeParse(bag);
  if (!shape.success) return { ok: false, state: "invalid", problems: databagShapeProblems(shape.error) };
  const problems: DatabagProblem[] = [];
  const missing: string[] = [];
  const endpointText = presentValue(shape.data, "endpoint", problems, missing);
  let endpoint = "";
  if (endpointText !== undefined) {
    const read = normaliseHttpUrl(endpointText);
    if (read.ok) endpoint = read.url;
    else problems.push({ key: "endpoint", message: `endpoint must be a valid http(s) URL (${read.reason})` });
  }
  const tokenSecretUri = presentValue(shape.data, "token", problems, missing) ?? "";
  if (tokenSecretUri !== "" && !isSecretUri(tokenSecretUri)) {
    problems.push({ key: "token", message: "token must be a Juju secret URI" });
  }
  if (problems.length > missing.length) return { ok: false, state: "invalid", problems };
  if (missing.length > 0) return { ok: false, state: "incomplete", missing, problems };
  return { ok: true, value: { endpoint, tokenSecretUri } };
}

/** `undefined` for a usable bearer token, else the end of a sentence starting with "token". */
export function checkPlannerToken(token: string): string | undefined {
  if (token.length === 0) return "is empty";
  if (token.length > PLANNER_TOKEN_MAX_LENGTH)
    return `must be at most ${PLANNER_TOKEN_MAX_LENGTH} characters`;
  return /^[\x21-\x7e]+$/u.test(token) ? undefined : "must be printable ASCII without spaces";
}

export type PlannerTokenRead =
  { readonly ok: true; readonly token: string } | { readonly ok: false; readonly problem: string };

/**
 * The bearer token from the content of the planner's token secret. The problem never contains
 * the content (it is a secret); only the names of the keys present, which are not.
 */
export function readPlannerToken(content: Readonly<Record<string, string>>): PlannerTokenRead {
  const token = content[PLANNER_TOKEN_CONTENT_KEY];
  if (token === undefined) {
    return { ok: false, problem: `token secret has no '${PLANNER_TOKEN_CONTENT_KEY}' key` };
  }
  const reason = checkPlannerToken(token);
  return reason === undefined
    ? { ok: true, token }
    : { ok: false, problem: `token secret's value ${reason}` };
}
