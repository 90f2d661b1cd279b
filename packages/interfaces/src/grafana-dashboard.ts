/**
 * `grafana_dashboard` interface, provider side, as grafana_k8s v0 `GrafanaDashboardProvider`
 * (LIBPATCH 49) writes it for dashboards loaded from files: one app databag key, `dashboards`, a
 * JSON document of templates whose `content` is the dashboard JSON, LZMA-compressed and base64
 * encoded (the consumer reads it with Python's `lzma.decompress`, which takes `.xz` and the legacy
 * `.lzma` container; LZMA-JS writes the latter).
 */
import { createHash } from "node:crypto";
import lzmaWorker from "lzma/src/lzma_worker.js";
import { pythonJsonDumps } from "./python-json.js";

/** The provider's topology in a template (`_juju_topology`: no charm name). */
export interface DashboardTopology {
  readonly model: string;
  readonly modelUuid: string;
  readonly application: string;
  /** The unit that loaded the dashboards: the leader when it writes. */
  readonly unit: string;
}

/** LZMA preset: the library's (Python's) default. */
const LZMA_PRESET = 6;

/** `LZMABase64.compress`: base64 (standard alphabet, padded, one line) of the compressed UTF-8. */
export function compressDashboardContent(json: string): string {
  const signed = lzmaWorker.LZMA.compress(json, LZMA_PRESET);
  return Buffer.from(Int8Array.from(signed).buffer).toString("base64");
}

/**
 * A template's `content`: the dashboard as the library serialises it, compressed. LZMA at the
 * library's preset takes a third of a second of a hook, so a charm whose dashboards are fixed
 * when it is built computes this ahead and gives it as `FileDashboard.content`.
 */
export function fileDashboardContent(dashboard: Readonly<Record<string, unknown>>): string {
  return compressDashboardContent(pythonJsonDumps(dashboard));
}

/** The reverse, for reading a published template back (tests, diagnostics). */
export function decompressDashboardContent(content: string): string {
  const bytes = Buffer.from(content, "base64");
  const text = lzmaWorker.LZMA.decompress(bytes);
  return typeof text === "string" ? text : Buffer.from(Int8Array.from(text).buffer).toString("utf8");
}

function shake256Hex(input: string, bytes: number): string {
  return createHash("shake256", { outputLength: bytes }).update(input, "utf8").digest("hex");
}

/** `dashboard_alt_uid`: shake_256("<charm>-<id>"), 8 bytes in hex. */
export function dashboardAltUid(charmName: string, id: string): string {
  return shake256Hex(`${charmName}-${id}`, 8);
}

/** `cosl` `DashboardPath40UID.generate`: shake_256("<charm>-<path relative to the charm>"), 20 bytes. */
export function dashboardPath40Uid(charmName: string, relativePath: string): string {
  return shake256Hex(`${charmName}-${relativePath}`, 20);
}

const PATH40_UID = /^[0-9a-fA-F]{40}$/;

/**
 * A file dashboard as the library prepares it before compressing: a `uid` that is not already a
 * Path40 uid is replaced (in place, key order kept), and `charm: <name>` is appended to `tags`
 * unless a tag already starts with `charm: `.
 */
export function prepareFileDashboard(
  dashboard: Readonly<Record<string, unknown>>,
  charmName: string,
  relativePath: string,
): Record<string, unknown> {
  const uid = dashboard["uid"];
  const prepared: Record<string, unknown> = { ...dashboard };
  if (typeof uid !== "string" || !PATH40_UID.test(uid)) {
    prepared["uid"] = dashboardPath40Uid(charmName, relativePath);
  }
  const tags = Array.isArray(dashboard["tags"]) ? (dashboard["tags"] as unknown[]) : [];
  const charmTagged = tags.some((tag) => typeof tag === "string" && tag.startsWith("charm: "));
  prepared["tags"] = charmTagged ? tags : [...tags, `charm: ${charmName}`];
  return prepared;
}

export interface FileDashboard {
  /** `file:<file stem>`. */
  readonly id: string;
  /** The prepared dashboard (see prepareFileDashboard). */
  readonly dashboard: Readonly<Record<string, unknown>>;
  /** `fileDashboardContent(dashboard)`, when computed ahead; computed at the write otherwise. */
  readonly content?: string;
}

export interface DashboardProviderAppData {
  readonly charmName: string;
  readonly topology: DashboardTopology;
  readonly dashboards: readonly FileDashboard[];
  /** A fresh uuid4 per write, so that every write changes the bag (the library's `uuid`). */
  readonly uuid: string;
}

/** The provider leader's app databag: `dashboards`, keys in the library's order. */
export function grafanaDashboardProviderAppData(data: DashboardProviderAppData): Record<string, string> {
  const { topology } = data;
  const templates: Record<string, unknown> = {};
  for (const { id, dashboard, content } of data.dashboards) {
    templates[id] = {
      charm: data.charmName,
      content: content ?? fileDashboardContent(dashboard),
      juju_topology: {
        model: topology.model,
        model_uuid: topology.modelUuid,
        application: topology.application,
        unit: topology.unit,
      },
      inject_dropdowns: true,
      dashboard_alt_uid: dashboardAltUid(data.charmName, id),
    };
  }
  return { dashboards: pythonJsonDumps({ templates, uuid: data.uuid }) };
}
