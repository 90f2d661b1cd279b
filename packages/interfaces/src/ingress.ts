/**
 * `ingress` interface, requirer side (wire-compatible with traefik_k8s v2 `IngressPerAppRequirer`,
 * LIBPATCH 20). Every databag value is a JSON document (strings quoted, numbers and booleans bare)
 * and fields equal to their default are left out. The provider answers with the URL that routes
 * to the application.
 */
import * as z from "zod";
import { checkHttpUrl, type DatabagRead, type DatabagWrite } from "./validators.js";

type Databag = Readonly<Record<string, string>>;

export type IngressScheme = "http" | "https" | "h2c";

export interface IngressRequest {
  /** Juju model name of the requirer. */
  readonly model: string;
  /** Requirer application name. */
  readonly name: string;
  /** Port the application listens on (1..65534, as the library allows). */
  readonly port: number;
  /** Strip the `/<model>-<app>` prefix before forwarding. */
  readonly stripPrefix?: boolean;
  readonly redirectHttps?: boolean;
  /** Scheme towards the backend; `http` by default. */
  readonly scheme?: IngressScheme;
}

const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a Juju model or application name");

const ingressRequestSchema = z.object({
  model: nameSchema,
  name: nameSchema,
  port: z.number().int().min(1).max(65534),
  stripPrefix: z.boolean().optional(),
  redirectHttps: z.boolean().optional(),
  scheme: z.enum(["http", "https", "h2c"]).optional(),
});

/**
 * The requirer's app databag (leader only). The library writes it after clearing the bag, so this
 * is the complete content: keys not listed here should be removed.
 */
export function ingressRequirerAppData(request: IngressRequest): Record<string, string> {
  const valid = ingressRequestSchema.parse(request);
  const bag: Record<string, string> = {
    model: JSON.stringify(valid.model),
    name: JSON.stringify(valid.name),
    port: JSON.stringify(valid.port),
  };
  if (valid.stripPrefix === true) bag["strip-prefix"] = "true";
  if (valid.redirectHttps === true) bag["redirect-https"] = "true";
  if (valid.scheme !== undefined && valid.scheme !== "http") bag["scheme"] = JSON.stringify(valid.scheme);
  return bag;
}

export interface IngressUnitAddress {
  /** The unit's host name (its FQDN on Kubernetes). */
  readonly host: string;
  /** The unit's IP address, when known. */
  readonly ip?: string;
}

const unitAddressSchema = z.object({
  host: z.string().regex(/^[A-Za-z0-9.-]+$/, "host must be a host name"),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
});

/** Every requirer unit's databag. */
export function ingressRequirerUnitData(address: IngressUnitAddress): Record<string, string> {
  const valid = unitAddressSchema.parse(address);
  const bag: Record<string, string> = { host: JSON.stringify(valid.host) };
  if (valid.ip !== undefined) bag["ip"] = JSON.stringify(valid.ip);
  return bag;
}

/** Keys Juju keeps in every unit databag itself; a full rewrite leaves them alone. */
const JUJU_MANAGED_UNIT_KEYS: ReadonlySet<string> = new Set([
  "egress-subnets",
  "ingress-address",
  "private-address",
]);

/**
 * The library writes both requirer databags with `dump(clear=True)`: the bag is emptied, then the
 * model's keys are written, so a key from an earlier request (say `redirect-https`) disappears.
 * This is the write that gets from `current` to exactly `next`: every value of `next`, and `""`
 * (Juju deletes the key) for every other key. Unlike ops' `clear()`, Juju's own address keys stay.
 */
export function ingressDatabagRewrite(
  current: Databag,
  next: Readonly<Record<string, string>>,
): DatabagWrite {
  const removedKeys = Object.keys(current).filter(
    (key) => !(key in next) && !JUJU_MANAGED_UNIT_KEYS.has(key) && current[key] !== "",
  );
  return { data: { ...next, ...Object.fromEntries(removedKeys.map((key) => [key, ""])) }, removedKeys };
}

/** The published URL, or why there is none yet (incomplete) or it is unusable (invalid). */
export type IngressUrlResult = DatabagRead<string>;

/** pydantic's AnyHttpUrl limit, which the provider applies before publishing. */
const MAX_URL_LENGTH = 2083;

const providedUrlSchema = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine((value) => checkHttpUrl(value) === undefined, "must be an http(s) URL");

const ingressDocumentSchema = z.object({ url: providedUrlSchema });

/**
 * The URL the provider (traefik) publishes in its app databag under `ingress`, as a JSON document
 * `{"url": ...}`. Never throws: a missing key means "not ready yet", anything malformed is invalid.
 * The URL comes back as published; a URL without a path usually ends in `/`.
 */
export function readIngressUrl(remoteAppData: Databag): IngressUrlResult {
  const raw = remoteAppData["ingress"];
  if (raw === undefined || raw === "") {
    return {
      ok: false,
      state: "incomplete",
      missing: ["ingress"],
      problems: [{ key: "ingress", message: "ingress URL not published yet" }],
    };
  }
  let document: unknown;
  try {
    document = JSON.parse(raw);
  } catch {
    return {
      ok: false,
      state: "invalid",
      problems: [{ key: "ingress", message: "ingress is not a JSON document" }],
    };
  }
  const parsed = ingressDocumentSchema.safeParse(document);
  if (!parsed.success) {
    return {
      ok: false,
      state: "invalid",
      problems: [{ key: "ingress", message: "ingress.url must be an http(s) URL without whitespace" }],
    };
  }
  return { ok: true, value: parsed.data.url };
}
