/**
 * GARM's controller URLs: where runners fetch metadata and report back, and where GitHub sends
 * webhooks. They derive from the ingress URL when traefik published one, otherwise from the
 * application's Kubernetes service (`http://<app>.<model>:8080`), never from a unit address.
 */
import type { HookContext } from "@garm-charms/charm-runtime";
import { readIngressUrl } from "@garm-charms/interfaces";
import { INGRESS_ENDPOINT } from "../relations/publications.js";
import { GARM_API_PORT } from "../workload/index.js";

export interface ControllerUrls {
  readonly metadataUrl: string;
  readonly callbackUrl: string;
  readonly webhookUrl: string;
}

/** The three URLs under one base; a trailing `/` on the base (pydantic adds one) is dropped. */
export function controllerUrlsFor(base: string): ControllerUrls {
  const root = base.replace(/\/+$/, "");
  return {
    metadataUrl: `${root}/api/v1/metadata`,
    callbackUrl: `${root}/api/v1/callbacks`,
    webhookUrl: `${root}/webhooks`,
  };
}

export function serviceBaseUrl(app: string, model: string): string {
  return `http://${app}.${model}:${String(GARM_API_PORT)}`;
}

/** The ingress URL when published and valid, else the service URL. An invalid one is logged. */
export async function controllerBaseUrl(ctx: HookContext): Promise<string> {
  const fallback = serviceBaseUrl(ctx.app, ctx.model.name);
  const relation = await ctx.relation(INGRESS_ENDPOINT);
  if (relation === undefined || relation.remoteAppName === undefined) return fallback;
  const read = readIngressUrl(await relation.remoteAppData.get());
  if (read.ok) return read.value;
  if (read.state === "invalid") {
    await ctx.log.warning(
      `Ignoring the ingress URL (${read.problems.map((p) => p.message).join("; ")}); using ${fallback}`,
    );
  }
  return fallback;
}

export function sameControllerUrls(a: ControllerUrls, b: ControllerUrls): boolean {
  return a.metadataUrl === b.metadataUrl && a.callbackUrl === b.callbackUrl && a.webhookUrl === b.webhookUrl;
}
