/**
 * applyWorkload through the runtime's real PebbleClient against the harness's fake Pebble on a
 * unix socket: the hash must survive Pebble's YAML plan, and files their permissions.
 */
import { describe, it, expect, afterEach } from "vitest";
import { PebbleClient } from "@garm-charms/charm-runtime/pebble";
import { container, fileText, startFakePebble, type FakePebble } from "@garm-charms/charm-testing";
import { parse as parseToml } from "smol-toml";
import { applyWorkload } from "./apply-workload.js";
import { desiredWorkload, type WorkloadInput } from "./desired-workload.js";
import { GARM_CONTAINER } from "./layout.js";

const input: WorkloadInput = {
  database: { host: "10.0.0.5", port: 5432, database: "garm", username: "garm", password: "db-pw" },
  jwtSecret: "0123456789abcdef".repeat(4),
  databasePassphrase: "Zq7Lp2Xw9Rt4Mv6Nb1Kc8Hd3Fs5Gj0Ay",
  providers: [
    {
      unitName: "garm-configurator/0",
      credentials: {
        authUrl: "https://keystone.example.com:5000/v3",
        username: "admin",
        password: "os-pw",
        projectName: "proj",
        userDomainName: "Default",
        projectDomainName: "Default",
        regionName: "RegionOne",
        network: "net",
      },
    },
  ],
  proxyEnvironment: { HTTP_PROXY: "http://squid:3128", http_proxy: "http://squid:3128" },
};

let fake: FakePebble | undefined;
let client: PebbleClient | undefined;

afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

async function start(): Promise<[FakePebble, PebbleClient]> {
  fake = await startFakePebble(container({ name: GARM_CONTAINER }));
  client = new PebbleClient({ socketPath: fake.socketPath });
  return [fake, client];
}

describe("applyWorkload against Pebble", () => {
  it("configures and starts GARM, then leaves it alone on an identical run", async () => {
    const [pebble, pebbleClient] = await start();
    expect((await applyWorkload(pebbleClient, desiredWorkload(input))).outcome).toBe("config-changed");

    const after = pebble.snapshot();
    expect(after.serviceStatuses["garm"]).toBe("active");
    const config = after.files["/etc/garm/config.toml"]!;
    expect(config.permissions).toBe("600");
    expect(parseToml(fileText(config))).toMatchObject({ apiserver: { port: 8080 } });
    expect(after.files["/etc/garm/clouds-garm-configurator-0.yaml"]?.permissions).toBe("600");

    const writesBefore = pebble.requests.filter((r) => r.method === "POST").length;
    expect((await applyWorkload(pebbleClient, desiredWorkload(input))).outcome).toBe("unchanged");
    expect(pebble.requests.filter((r) => r.method === "POST").length).toBe(writesBefore);
  });

  it("replans when a proxy value changes", async () => {
    const [pebble, pebbleClient] = await start();
    await applyWorkload(pebbleClient, desiredWorkload(input));
    const changed = {
      ...input,
      proxyEnvironment: { HTTP_PROXY: "http://other:3128", http_proxy: "http://other:3128" },
    };
    expect((await applyWorkload(pebbleClient, desiredWorkload(changed))).outcome).toBe("config-changed");
    const plan = await pebbleClient.getPlan();
    expect(plan.services["garm"]?.["environment"]).toMatchObject({ HTTP_PROXY: "http://other:3128" });
    expect(pebble.snapshot().serviceStatuses["garm"]).toBe("active");
  });
});
