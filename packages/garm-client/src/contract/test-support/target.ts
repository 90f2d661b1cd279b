/**
 * Where the contract suite runs: a GARM fake started per test file (default), or the real GARM at
 * `GARM_URL` (admin from `GARM_ADMIN_USERNAME` / `GARM_ADMIN_PASSWORD`). On a real server every
 * object a test creates is registered for cleanup and deleted in afterAll.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { GarmApiError } from "../../errors.js";
import { GarmClient, type GarmClientOptions } from "../../client.js";
import type { FirstRunParams } from "../../controller.js";

const env = process.env;

/** True when the suite targets a real GARM. */
export const onRealGarm = (env.GARM_URL ?? "") !== "";

/**
 * Fresh-database rows (init_required, first-run, urls_required) need a GARM nobody has set up yet,
 * and other test files would set it up concurrently: on a real server they run only with
 * `GARM_CONTRACT_FRESH_DB=1`, for one file run alone.
 */
export const freshDbAvailable = !onRealGarm || env.GARM_CONTRACT_FRESH_DB === "1";
export const FRESH_DB_SKIP =
  "needs a GARM with an empty database: set GARM_CONTRACT_FRESH_DB=1 and run init-and-controller.test.ts alone";

/**
 * Scale-set create calls GitHub synchronously. On a real server name credentials whose endpoint
 * reaches GitHub (or a stand-in), and an organisation and a repository (`owner/name`) that exist
 * there and not yet in GARM: GARM_CONTRACT_SCALESET_CREDENTIALS, GARM_CONTRACT_SCALESET_ORG,
 * GARM_CONTRACT_SCALESET_REPO.
 */
export const scaleSetGithub = onRealGarm
  ? {
      credentials: env.GARM_CONTRACT_SCALESET_CREDENTIALS ?? "",
      org: env.GARM_CONTRACT_SCALESET_ORG ?? "",
      repo: env.GARM_CONTRACT_SCALESET_REPO ?? "",
    }
  : undefined;
export const scaleSetsAvailable =
  scaleSetGithub === undefined ||
  (scaleSetGithub.credentials !== "" && scaleSetGithub.org !== "" && scaleSetGithub.repo.includes("/"));
export const SCALESETS_SKIP =
  "GARM creates scale sets on GitHub synchronously: set GARM_CONTRACT_SCALESET_CREDENTIALS, GARM_CONTRACT_SCALESET_ORG and GARM_CONTRACT_SCALESET_REPO (owner/name) to a GitHub the real GARM reaches";

export const FAKE_ONLY_SKIP =
  "drives the GARM fake's fault injection or state hooks, which a real GARM has not";

/** The provider the fake lists; on a real server GARM_CONTRACT_PROVIDER or the first listed. */
export const FAKE_PROVIDER = { name: "openstack", type: "external", description: "contract-suite provider" };

export const ADMIN: FirstRunParams = onRealGarm
  ? {
      username: env.GARM_ADMIN_USERNAME ?? "admin",
      password: env.GARM_ADMIN_PASSWORD ?? "",
      email: env.GARM_ADMIN_EMAIL ?? "admin@example.com",
      fullName: env.GARM_ADMIN_FULL_NAME ?? "GARM Admin",
    }
  : {
      username: "admin",
      password: "Zq7-Contract-Suite-Pass-2026!",
      email: "admin@example.com",
      fullName: "Admin User",
    };

/**
 * Every name this test file gives an object starts with it. Vitest loads this module afresh for
 * each test file, so the prefix also tells this file's objects from a concurrent file's.
 */
const FILE_PREFIX = `ct-${randomBytes(3).toString("hex")}-`;

/** A name no earlier run or concurrent file uses: `ct-<file>-<random>-<label>`. */
export function uniqueName(label: string): string {
  return `${FILE_PREFIX}${randomBytes(3).toString("hex")}-${label}`;
}

/** A PKCS#1 PEM key, the only format GARM accepts for GitHub App credentials. */
export function pkcs1PrivateKey(): string {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "pkcs1", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
}

type CleanupStep = { readonly what: string; readonly run: () => Promise<unknown> };

/** The fake's GARM worker re-creates a scale set GitHub lost after this long (3 s on a real GARM). */
export const FAKE_RECREATE_LOST_SCALE_SET_MS = 300;

export class ContractTarget {
  readonly fake: GarmFake | undefined;
  readonly url: string;
  readonly #clients: GarmClient[] = [];
  readonly #cleanup: CleanupStep[] = [];
  /** System template descriptions before this file edited them, by name. */
  #systemDescriptions: Map<string, string> | undefined;

  private constructor(url: string, fake: GarmFake | undefined) {
    this.url = url;
    this.fake = fake;
  }

  static async open(): Promise<ContractTarget> {
    if (onRealGarm) return new ContractTarget(env.GARM_URL!, undefined);
    const fake = await startGarmFake({
      providers: [FAKE_PROVIDER],
      recreateLostScaleSetMs: FAKE_RECREATE_LOST_SCALE_SET_MS,
    });
    return new ContractTarget(fake.url, fake);
  }

  /** The fake, for fake-only tests (which are skipped on a real server before they get here). */
  get requireFake(): GarmFake {
    if (this.fake === undefined) throw new Error("this test needs the GARM fake");
    return this.fake;
  }

  /** A new client, not logged in; closed with the target. */
  client(options: Partial<GarmClientOptions> = {}): GarmClient {
    const client = new GarmClient({ baseUrl: this.url, timeoutMs: 10_000, ...options });
    this.#clients.push(client);
    return client;
  }

  /** A logged-in admin client on a GARM that is past first-run and has its controller URLs. */
  async admin(options: Partial<GarmClientOptions> = {}): Promise<GarmClient> {
    if (ADMIN.password === "")
      throw new Error("GARM_URL is set: set GARM_ADMIN_PASSWORD (and GARM_ADMIN_USERNAME) too");
    const client = this.client(options);
    const readiness = await client.waitUntilReady({ timeoutMs: 30_000, intervalMs: 200 });
    if (readiness === "init-required") {
      await client.firstRun(ADMIN).catch((err: unknown) => {
        // Another test file may have won the race to first-run.
        if (!(err instanceof GarmApiError && err.isConflict)) throw err;
      });
    }
    await client.login(ADMIN.username, ADMIN.password);
    const controller = await client.controller();
    if (controller.metadataUrl === "" || controller.callbackUrl === "") {
      await client.updateController({
        metadataUrl: `${this.url}/api/v1/metadata`,
        callbackUrl: `${this.url}/api/v1/callbacks`,
        webhookUrl: `${this.url}/webhooks`,
      });
    }
    return client;
  }

  /** The provider scale sets are created with. */
  async providerName(client: GarmClient): Promise<string> {
    if (!onRealGarm) return FAKE_PROVIDER.name;
    if ((env.GARM_CONTRACT_PROVIDER ?? "") !== "") return env.GARM_CONTRACT_PROVIDER!;
    const [first] = await client.listProviders();
    if (first === undefined) throw new Error("the real GARM lists no providers: set GARM_CONTRACT_PROVIDER");
    return first.name;
  }

  /** Registers an undo step; steps run newest first. A missing object counts as cleaned up. */
  onCleanup(what: string, run: () => Promise<unknown>): void {
    this.#cleanup.push({ what, run });
  }

  /**
   * For a file that edits or deletes system templates: restore them and put their descriptions
   * back at cleanup (GARM's restore rewrites a system template's data, never its description).
   */
  async protectSystemTemplates(client: GarmClient): Promise<void> {
    const descriptions = new Map<string, string>();
    for (const t of await client.listTemplates()) if (t.isSystem) descriptions.set(t.name, t.description);
    this.#systemDescriptions = descriptions;
    this.onCleanup("system templates", async () => {
      await client.restoreTemplates({ all: true });
      for (const t of await client.listTemplates()) {
        const description = descriptions.get(t.name);
        if (t.isSystem && description !== undefined && t.description !== description)
          await client.updateTemplate(t.id, { description });
      }
    });
  }

  async close(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.#cleanup.reverse()) {
      try {
        await step.run();
      } catch (err) {
        if (err instanceof GarmApiError && err.isNotFound) continue;
        failures.push(`${step.what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const checker = this.#clients.find((client) => client.isLoggedIn);
    if (checker !== undefined) failures.push(...(await this.#leftovers(checker)));
    for (const client of this.#clients) await client.close();
    await this.fake?.close();
    if (failures.length > 0) throw new Error(`contract cleanup left objects behind:\n${failures.join("\n")}`);
  }

  /** What this file created or edited and did not undo: a run must leave GARM as it found it. */
  async #leftovers(client: GarmClient): Promise<string[]> {
    const mine = (name: string) => name.startsWith(FILE_PREFIX);
    const left = [
      ...(await client.listGithubEndpoints()).filter((e) => mine(e.name)).map((e) => `endpoint ${e.name}`),
      ...(await client.listCredentials()).filter((c) => mine(c.name)).map((c) => `credentials ${c.name}`),
      ...(await client.listOrganisations()).filter((o) => mine(o.name)).map((o) => `organisation ${o.name}`),
      ...(await client.listRepositories())
        .filter((r) => mine(r.owner) || mine(r.name))
        .map((r) => `repository ${r.owner}/${r.name}`),
      ...(await client.listScaleSets()).filter((s) => mine(s.name)).map((s) => `scale set ${s.name}`),
      ...(await client.listTemplates()).filter((t) => mine(t.name)).map((t) => `template ${t.name}`),
    ];
    const descriptions = this.#systemDescriptions;
    if (descriptions !== undefined) {
      const system = (await client.listTemplates()).filter((t) => t.isSystem);
      for (const [name, description] of descriptions) {
        const now = system.find((t) => t.name === name);
        if (now === undefined) left.push(`system template ${name} is missing`);
        else if (now.description !== description)
          left.push(`system template ${name} has description ${JSON.stringify(now.description)}`);
      }
    }
    return left;
  }
}

/** A describe/it title that carries the skip reason when the block cannot run here. */
export function titled(title: string, available: boolean, skipReason: string): string {
  return available ? title : `${title} [skipped: ${skipReason}]`;
}
