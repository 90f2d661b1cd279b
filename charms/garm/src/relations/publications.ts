/**
 * What the charm publishes on every hook, independent of the workload: the ingress request
 * (port 8080, prefix stripped), the Prometheus scrape jobs (GARM's `/metrics`, and the pressure
 * reconciler's while a planner link deploys it), and the opened API port. Along the way it logs what Prometheus rejected and drops the Python library's leftover
 * postgresql snapshot. Databag writes are diffed by the runtime, so an unchanged hook writes nothing.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { isRelationEvent, type Databag, type HookContext } from "@garm-charms/charm-runtime";
import {
  garmScrapeJobs,
  ingressDatabagRewrite,
  ingressRequirerAppData,
  ingressRequirerUnitData,
  prometheusScrapeAppData,
  prometheusScrapeUnitData,
  quoteForMessage,
  readScrapeConsumerVerdict,
  type ScrapeJob,
} from "@garm-charms/interfaces";
import { garmAlertRules } from "../cos/alert-rules.js";
import { RECONCILER_METRICS_PORT, RECONCILER_SERVICE } from "../planner/layout.js";
import { plannerScope } from "../planner/scope.js";
import { readConfiguratorUnits } from "./configurator.js";
import { dropLibrarySnapshot } from "./database.js";
import { GARM_API_PORT } from "../workload/index.js";

export const INGRESS_ENDPOINT = "ingress";
export const METRICS_ENDPOINT = "metrics-endpoint";
const CHARM_NAME = "garm";

/** The unit's stable DNS name in its Kubernetes StatefulSet (`garm-0.garm-endpoints.<model>.svc...`). */
export function unitFqdn(unit: string, app: string, model: string): string {
  const number = unit.slice(unit.indexOf("/") + 1);
  return `${app}-${number}.${app}-endpoints.${model}.svc.cluster.local`;
}

const DNS_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * The fully qualified name an `/etc/hosts` text gives `host`: the first `host.<domain>` name on a
 * line that names the host. Kubelet writes one such line into every StatefulSet pod.
 */
export function fqdnFromHosts(hostsText: string, host: string): string | undefined {
  for (const line of hostsText.split("\n")) {
    const names = (line.split("#")[0] ?? "").trim().split(/\s+/).slice(1);
    const fqdn = names.find((name) => name.startsWith(`${host}.`) && DNS_NAME.test(name));
    if (fqdn !== undefined && (names.includes(host) || names[0] === fqdn)) return fqdn;
  }
  return undefined;
}

/**
 * This unit's FQDN as the Python libraries get it (`socket.getfqdn()`): in the unit's own pod, the
 * name kubelet put in `/etc/hosts`, which carries the real cluster domain. Elsewhere (tests, an
 * unreadable file) the StatefulSet name with the default `cluster.local` domain.
 */
async function podFqdn(ctx: HookContext): Promise<string> {
  const fallback = unitFqdn(ctx.unit, ctx.app, ctx.model.name);
  const podHostname = fallback.slice(0, fallback.indexOf("."));
  if (hostname() !== podHostname) return fallback;
  try {
    // A small file kubelet wrote: read at once, without loading node:fs/promises into the hook.
    return fqdnFromHosts(readFileSync("/etc/hosts", "utf8"), podHostname) ?? fallback;
  } catch {
    return fallback;
  }
}

/** The binding's first IP address, when Juju knows one. */
async function bindAddress(
  ctx: HookContext,
  binding: string,
  relationId: number,
): Promise<string | undefined> {
  const info = await ctx.networkGet(binding, relationId);
  const address = info.bindAddresses[0]?.addresses[0]?.value;
  return address !== undefined && isIP(address) !== 0 ? address : undefined;
}

/** The ingress library rewrites each bag whole (`dump(clear=True)`): keys of an older request go. */
async function rewriteIngressBag(bag: Databag, next: Readonly<Record<string, string>>): Promise<void> {
  await bag.update(ingressDatabagRewrite(await bag.get(), next).data);
}

/** This unit's FQDN, looked up at most once per hook and only when a relation needs it. */
type UnitFqdn = () => Promise<string>;

async function publishIngress(ctx: HookContext, isLeader: boolean, unitFqdnOnce: UnitFqdn): Promise<void> {
  const relation = await ctx.relation(INGRESS_ENDPOINT);
  if (relation === undefined) return;
  if (isLeader) {
    await rewriteIngressBag(
      relation.localAppData,
      ingressRequirerAppData({
        model: ctx.model.name,
        name: ctx.app,
        port: GARM_API_PORT,
        stripPrefix: true,
      }),
    );
  }
  const ip = await bindAddress(ctx, INGRESS_ENDPOINT, relation.id);
  const host = await unitFqdnOnce();
  await rewriteIngressBag(
    relation.localUnitData,
    ingressRequirerUnitData(ip === undefined ? { host } : { host, ip }),
  );
}

/**
 * The pressure reconciler runs on the leader only, so its job names the leader's own address
 * (a `*` target would have Prometheus scrape every unit, and the others answer nothing).
 */
function reconcilerScrapeJob(leaderAddress: string): ScrapeJob {
  const host = isIP(leaderAddress) === 6 ? `[${leaderAddress}]` : leaderAddress;
  return {
    job_name: RECONCILER_SERVICE,
    metrics_path: "/metrics",
    static_configs: [{ targets: [`${host}:${String(RECONCILER_METRICS_PORT)}`] }],
  };
}

/**
 * Whether the pressure reconciler is deployed: some configurator unit links a planner (the units
 * are read once per hook, so the state step later reuses this reading).
 */
async function plannerLinked(ctx: HookContext): Promise<boolean> {
  return plannerScope(await readConfiguratorUnits(ctx)) !== undefined;
}

async function publishScrapeJobs(ctx: HookContext, isLeader: boolean, unitFqdnOnce: UnitFqdn): Promise<void> {
  let linked: Promise<boolean> | undefined;
  for (const relation of await ctx.relations(METRICS_ENDPOINT)) {
    const fqdn = await unitFqdnOnce();
    const address = (await bindAddress(ctx, METRICS_ENDPOINT, relation.id)) ?? fqdn;
    await relation.localUnitData.update(prometheusScrapeUnitData({ address, unitName: ctx.unit, fqdn }));
    if (!isLeader) continue;
    const jobs = garmScrapeJobs(GARM_API_PORT);
    if (await (linked ??= plannerLinked(ctx))) jobs.push(reconcilerScrapeJob(address));
    await relation.localAppData.update(
      prometheusScrapeAppData({
        topology: {
          model: ctx.model.name,
          modelUuid: ctx.model.uuid,
          application: ctx.app,
          unit: ctx.unit,
          charmName: CHARM_NAME,
        },
        jobs,
        alertRules: garmAlertRules({
          model: ctx.model.name,
          modelUuid: ctx.model.uuid,
          application: ctx.app,
          charmName: CHARM_NAME,
        }),
      }),
    );
  }
}

/**
 * Leader, on a consumer's relation-changed (when the library looks too): what Prometheus said
 * about the published rules and jobs goes to the log. Its text is remote input, hence quoted.
 */
async function logConsumerVerdict(ctx: HookContext, isLeader: boolean): Promise<void> {
  const event = ctx.event;
  if (!isLeader || !isRelationEvent(event) || event.kind !== "relation-changed") return;
  if (event.endpoint !== METRICS_ENDPOINT) return;
  const relation = await ctx.eventRelation();
  if (relation?.remoteAppName === undefined) return;
  const verdict = readScrapeConsumerVerdict(await relation.remoteAppData.get());
  if (verdict === undefined) return;
  const consumer = relation.remoteAppName;
  if (!verdict.valid || verdict.errors !== "") {
    await ctx.log.warning(
      `${consumer} rejected the published alert rules: ${quoteForMessage(verdict.errors)}`,
    );
  }
  if (verdict.scrapeJobErrors !== "") {
    await ctx.log.warning(
      `${consumer} rejected the published scrape jobs: ${quoteForMessage(verdict.scrapeJobErrors)}`,
    );
  }
}

export async function publishRelationData(ctx: HookContext, isLeader: boolean): Promise<void> {
  let fqdn: Promise<string> | undefined;
  const unitFqdnOnce: UnitFqdn = () => (fqdn ??= podFqdn(ctx));
  await publishIngress(ctx, isLeader, unitFqdnOnce);
  await publishScrapeJobs(ctx, isLeader, unitFqdnOnce);
  await logConsumerVerdict(ctx, isLeader);
  await dropLibrarySnapshot(ctx);
}

/** Opens GARM's API port unless it is open already (open-port is idempotent, this saves the call). */
export async function openApiPort(ctx: HookContext): Promise<void> {
  const opened = await ctx.openedPorts();
  if (opened.some((port) => port.protocol === "tcp" && port.port === GARM_API_PORT)) return;
  await ctx.openPort({ protocol: "tcp", port: GARM_API_PORT });
}
