/**
 * GARM client throughput against the GARM fake on loopback: requests per second for a list and a
 * get call, and the time to list 1,000 scale sets. Prints numbers; asserts nothing.
 *
 *   pnpm exec tsx packages/garm-client/bench/client-bench.ts
 */
import { pathToFileURL } from "node:url";
import { startGarmFake } from "@garm-charms/garm-fake";
import { GarmClient } from "../src/index.js";

const ADMIN = { username: "admin", password: "Zq7-Bench-Only-Pass-2026!" };
const CALLS = 2_000;
const CONCURRENCY = 8;
const SCALESETS = 1_000;
const LIST_ROUNDS = 5;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Runs `count` calls, `concurrency` at a time; returns elapsed milliseconds. */
async function runCalls(count: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await call();
    }
  };
  return timed(() => Promise.all(Array.from({ length: concurrency }, worker)));
}

const perSecond = (count: number, ms: number): string => (count / (ms / 1000)).toFixed(0);

export async function runClientBench(print: (line: string) => void): Promise<void> {
  const fake = await startGarmFake({
    providers: [{ name: "openstack" }],
    initialised: { ...ADMIN, email: "admin@example.com", fullName: "Bench Admin" },
    urls: {
      metadataUrl: "http://127.0.0.1/api/v1/metadata",
      callbackUrl: "http://127.0.0.1/api/v1/callbacks",
      webhookUrl: "http://127.0.0.1/webhooks",
    },
  });
  const client = new GarmClient({ baseUrl: fake.url });
  try {
    await client.login(ADMIN.username, ADMIN.password);
    const [linux] = await client.listTemplates({ osType: "linux", forgeType: "github" });
    if (linux === undefined) throw new Error("the fake has no github_linux template");

    for (const concurrency of [1, CONCURRENCY]) {
      const listMs = await runCalls(CALLS, concurrency, () => client.listTemplates());
      fake.clearRequests();
      print(
        `garm-client list (GET /templates), ${CALLS} calls, concurrency ${concurrency}: ${listMs.toFixed(0)} ms, ${perSecond(CALLS, listMs)} req/s`,
      );
      const getMs = await runCalls(CALLS, concurrency, () => client.getTemplate(linux.id));
      fake.clearRequests();
      print(
        `garm-client get (GET /templates/{id}, base64 script decoded), ${CALLS} calls, concurrency ${concurrency}: ${getMs.toFixed(0)} ms, ${perSecond(CALLS, getMs)} req/s`,
      );
    }

    const credentials = await client.createCredentials({
      name: "bench-pat",
      endpoint: "github.com",
      auth: { type: "pat", token: "ghp_benchOnlyToken" },
    });
    const org = await client.createOrganisation({
      name: "bench-org",
      credentialsName: credentials.name,
      webhookSecret: "bench-webhook-secret",
    });
    const createMs = await runCalls(SCALESETS, CONCURRENCY, async () => {
      await client.createScaleSet(
        { orgId: org.id },
        {
          name: `bench-${Math.random().toString(36).slice(2, 12)}`,
          providerName: "openstack",
          image: "ubuntu:24.04",
          flavor: "small",
          osType: "linux",
          osArch: "amd64",
          maxRunners: 3,
          minIdleRunners: 1,
          labels: ["bench"],
          extraSpecs: { disk: 20 },
        },
      );
    });
    fake.clearRequests();
    print(
      `garm-client create ${SCALESETS} scale sets, concurrency ${CONCURRENCY}: ${createMs.toFixed(0)} ms`,
    );

    const rounds: number[] = [];
    let listed = 0;
    for (let round = 0; round < LIST_ROUNDS; round++) {
      rounds.push(
        await timed(async () => {
          listed = (await client.listScaleSets()).length;
        }),
      );
    }
    rounds.sort((a, b) => a - b);
    print(
      `garm-client list ${listed} scale sets (GET /scalesets, parsed and mapped): median ${rounds[Math.floor(LIST_ROUNDS / 2)]!.toFixed(1)} ms, min ${rounds[0]!.toFixed(1)} ms over ${LIST_ROUNDS} rounds`,
    );
  } finally {
    await client.close();
    await fake.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runClientBench((line) => console.log(line));
}
