/**
 * `ingress` interface, requirer side (wire-compatible with traefik_k8s v2 `IngressPerAppRequirer`,
 * LIBPATCH 20). Every databag value is a JSON document (strings quoted, numbers and booleans bare)
 * and fields equal to their default are left out. The provider answers with the URL that routes
 * to the application.
 */
import { z } from "zod";

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

export interface IngressProblem {
  readonly key: string;
  readonly message: string;
}

export type IngressUrlResult =
  | { readonly ok: true; readonly url: string }
  | {
      readonly ok: false;
      readonly reason: "incomplete" | "invalid";
      readonly problems: readonly IngressProblem[];
    };

function hasWhitespaceOrControl(value: string): boolean {
  return [...value].some((ch) => ch.trim() === "" || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}

const providedUrlSchema = z
  .string()
  .max(2083)
  .refine((value) => !hasWhitespaceOrControl(value), "must not contain whitespace")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

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
      reason: "incomplete",
      problems: [{ key: "ingress", message: "ingress URL not published yet" }],
    };
  }
  let document: unknown;
  try {
    document = JSON.parse(raw);
  } catch {
    return {
      ok: false,
      reason: "invalid",
      problems: [{ key: "ingress", message: "ingress is not a JSON document" }],
    };
  }
  const parsed = ingressDocumentSchema.safeParse(document);
  if (!parsed.success) {
    return {
      ok: false,
      reason: "invalid",
      problems: [{ key: "ingress", message: "ingress.url must be an http(s) URL without whitespace" }],
    };
  }
  return { ok: true, url: parsed.data.url };
}
