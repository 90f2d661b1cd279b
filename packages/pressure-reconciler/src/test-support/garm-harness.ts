/**
 * The GARM fake with planner-managed scale sets, for this package's tests and bench. The fake has
 * no way to set a scale set's `desired_runner_count` (GitHub's assigned jobs), so a small proxy in
 * front of it writes the count tests set into every scale set GARM's answers carry.
 */
import { createServer, request } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GarmClient } from "@garm-charms/garm-client";
import { startGarmFake } from "@garm-charms/garm-fake";
import type { GarmFake } from "@garm-charms/garm-fake";

export const ADMIN = { username: "admin", password: "Zq7-Reconciler-Test-Pass-2026!" };

export interface GarmHarness {
  readonly fake: GarmFake;
  /** What the reconciler is given: the proxy in front of the fake. */
  readonly url: string;
  /** Scale set ids by name. */
  readonly ids: ReadonlyMap<string, number>;
  /** Admin client straight to the fake, for setting up and changing scale sets. */
  readonly admin: GarmClient;
  /** GitHub assigned `jobs` jobs to the scale set (its desired_runner_count). */
  setAssigned(name: string, jobs: number): void;
  /** min_idle_runners as GARM holds it. */
  minIdle(name: string): number;
  /** PUTs to /scalesets/{id} the fake answered, with their bodies. */
  puts(name?: string): { id: number; body: unknown; status: number }[];
  close(): Promise<void>;
}

export interface HarnessScaleSet {
  readonly name: string;
  readonly maxRunners?: number;
  readonly minIdleRunners?: number;
  readonly enabled?: boolean;
}

const SCALESET_PATH = /^\/api\/v1\/scalesets(?:\/(\d+))?$/;

function patchScaleSets(body: unknown, assigned: ReadonlyMap<number, number>): unknown {
  const patch = (s: unknown): unknown => {
    if (typeof s !== "object" || s === null) return s;
    const id = (s as { id?: unknown }).id;
    const jobs = typeof id === "number" ? assigned.get(id) : undefined;
    return jobs === undefined ? s : { ...s, desired_runner_count: jobs };
  };
  return Array.isArray(body) ? body.map(patch) : patch(body);
}

function forward(
  target: string,
  assigned: ReadonlyMap<number, number>,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const url = new URL(req.url ?? "/", target);
  const upstream = request(url, { method: req.method, headers: req.headers }, (answer) => {
    const chunks: Buffer[] = [];
    answer.on("data", (chunk: Buffer) => chunks.push(chunk));
    answer.on("end", () => {
      let text = Buffer.concat(chunks).toString("utf8");
      const ok = (answer.statusCode ?? 0) < 300;
      if (ok && SCALESET_PATH.test(url.pathname) && text !== "") {
        text = JSON.stringify(patchScaleSets(JSON.parse(text), assigned));
      }
      const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(text)) };
      res.writeHead(answer.statusCode ?? 502, headers).end(text);
    });
  });
  upstream.on("error", () => res.destroy());
  req.pipe(upstream);
}

async function startProxy(
  target: string,
  assigned: ReadonlyMap<number, number>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => forward(target, assigned, req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function createScaleSets(
  admin: GarmClient,
  sets: readonly HarnessScaleSet[],
): Promise<Map<string, number>> {
  const credentials = await admin.createCredentials({
    name: "test-pat",
    endpoint: "github.com",
    auth: { type: "pat", token: "ghp_testOnlyToken" },
  });
  const org = await admin.createOrganisation({
    name: "test-org",
    credentialsName: credentials.name,
    webhookSecret: "test-webhook-secret",
  });
  const ids = new Map<string, number>();
  for (const set of sets) {
    const created = await admin.createScaleSet(
      { orgId: org.id },
      {
        name: set.name,
        providerName: "openstack",
        image: "ubuntu:24.04",
        flavor: "small",
        osType: "linux",
        osArch: "amd64",
        maxRunners: set.maxRunners ?? 10,
        minIdleRunners: set.minIdleRunners ?? 0,
        enabled: set.enabled ?? true,
      },
    );
    ids.set(set.name, created.id);
  }
  return ids;
}

export async function startGarmHarness(sets: readonly HarnessScaleSet[]): Promise<GarmHarness> {
  const fake = await startGarmFake({
    providers: [{ name: "openstack" }],
    initialised: { ...ADMIN, email: "admin@example.com", fullName: "Test Admin" },
    urls: {
      metadataUrl: "http://127.0.0.1/api/v1/metadata",
      callbackUrl: "http://127.0.0.1/api/v1/callbacks",
      webhookUrl: "http://127.0.0.1/webhooks",
    },
  });
  const admin = new GarmClient({ baseUrl: fake.url });
  await admin.login(ADMIN.username, ADMIN.password);
  const ids = await createScaleSets(admin, sets);
  const assigned = new Map<number, number>();
  const proxy = await startProxy(fake.url, assigned);
  fake.clearRequests();
  const idOf = (name: string): number => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`the harness has no scale set ${name}`);
    return id;
  };
  return {
    fake,
    url: proxy.url,
    ids,
    admin,
    setAssigned: (name, jobs) => assigned.set(idOf(name), jobs),
    minIdle: (name) => fake.snapshot().scaleSets.find((s) => s.id === idOf(name))?.minIdleRunners ?? -1,
    puts: (name) =>
      fake.requests
        .filter((r) => r.method === "PUT" && SCALESET_PATH.test(r.path))
        .map((r) => ({ id: Number(SCALESET_PATH.exec(r.path)?.[1]), body: r.body, status: r.status }))
        .filter((p) => name === undefined || p.id === ids.get(name)),
    close: async () => {
      await admin.close();
      await proxy.close();
      await fake.close();
    },
  };
}
