/**
 * A GARM fake ready for a reconcile (past first-run, URLs set, providers registered) and a
 * logged-in client; used by the fake-backed tests and the benchmark.
 */
import { GarmClient } from "@garm-charms/garm-client";
import { startGarmFake, type GarmFake, type RecordedRequest } from "@garm-charms/garm-fake";

const ADMIN = { username: "admin", password: "Zq7-Loopback-Test-Pass-2026!" };

export interface FakeGarm {
  readonly fake: GarmFake;
  readonly client: GarmClient;
  close(): Promise<void>;
}

export async function startFakeGarm(providerNames: readonly string[]): Promise<FakeGarm> {
  const fake = await startGarmFake({
    providers: providerNames.map((name) => ({ name })),
    initialised: { ...ADMIN, email: "admin@example.com", fullName: "Admin" },
    urls: {
      metadataUrl: "http://garm.example:8080/api/v1/metadata",
      callbackUrl: "http://garm.example:8080/api/v1/callbacks",
      webhookUrl: "http://garm.example:8080/webhooks",
    },
  });
  const client = new GarmClient({ baseUrl: fake.url });
  await client.login(ADMIN.username, ADMIN.password);
  fake.clearRequests();
  return {
    fake,
    client,
    async close() {
      await client.close();
      await fake.close();
    },
  };
}

export const isWrite = (r: RecordedRequest): boolean => r.method !== "GET";

/** A GET of a collection (no id at the end of the path). */
export const isList = (r: RecordedRequest): boolean =>
  r.method === "GET" && !/\/\d+$|\/[0-9a-f-]{36}$/u.test(r.path);

export interface RequestCounts {
  readonly lists: number;
  readonly gets: number;
  readonly writes: number;
  readonly total: number;
}

export function countRequests(requests: readonly RecordedRequest[]): RequestCounts {
  return {
    lists: requests.filter(isList).length,
    gets: requests.filter((r) => r.method === "GET" && !isList(r)).length,
    writes: requests.filter(isWrite).length,
    total: requests.length,
  };
}
