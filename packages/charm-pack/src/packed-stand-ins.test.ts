/**
 * `pnpm pack:stand-ins` (= `./scripts/pack --stand-ins`) packs the local model's stand-in peer
 * charms into their own folder; this runs that command and checks the artefacts: charmcraft's
 * linters on what Juju unpacks, the files each charm carries, real hooks of two unzipped charms
 * answered as their requirers read them, and the planner fake bundle running from the charm alone.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  Context,
  events,
  getRelation,
  loadCharmMeta,
  packedCharm,
  relation,
  state,
} from "@garm-charms/charm-testing";
import { postgresqlRequestAppData, readImageProviderData, writeImageRequest } from "@garm-charms/interfaces";

import { STAND_INS_DIR } from "./cli.js";
import { failures, runLinters } from "./linters.js";
import { extractCharm, listEntries } from "./test-support/unzip.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const STAND_INS = {
  postgresql: "postgresql-stand-in",
  "image-builder": "image-builder-stand-in",
  tmate: "tmate-stand-in",
  planner: "planner-stand-in",
} as const;
type Folder = keyof typeof STAND_INS;
const FOLDERS = Object.keys(STAND_INS) as Folder[];

let tmp: string;
let packOutput: string;
const unpacked = new Map<Folder, string>();

function charmFile(folder: Folder): string {
  return join(tmp, "out", `${STAND_INS[folder]}_amd64.charm`);
}

function projectDir(folder: Folder): string {
  return join(REPO, STAND_INS_DIR, folder);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "stand-ins-pack-"));
  const run = spawnSync(
    join(REPO, "node_modules", ".bin", "tsx"),
    [join(REPO, "packages", "charm-pack", "src", "cli.ts"), "--stand-ins", "--out", join(tmp, "out")],
    { cwd: REPO, encoding: "utf8" },
  );
  packOutput = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`pack --stand-ins failed: ${packOutput}`);
  for (const folder of FOLDERS) {
    const dest = join(tmp, "unpacked", folder);
    await extractCharm(charmFile(folder), dest);
    unpacked.set(folder, dest);
  }
}, 240_000);

afterAll(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
});

describe("pack --stand-ins", () => {
  it("packs exactly the four stand-ins, and nothing of the product", () => {
    expect(packOutput).toMatch(/packed 4 charms/);
    for (const folder of FOLDERS) expect(existsSync(charmFile(folder)), folder).toBe(true);
    expect(packOutput).not.toMatch(/garm/);
  });
});

describe.each(FOLDERS)("the packed %s stand-in", (folder) => {
  it("passes charmcraft's linters as Juju unpacks it", () => {
    const checks = runLinters(unpacked.get(folder)!, join(projectDir(folder), "build", "payload"));
    expect(failures(checks)).toEqual([]);
  });

  it("carries dispatch, its bundle and Node (and the planner its service)", async () => {
    const names = (await listEntries(charmFile(folder))).map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining(["dispatch", "dist/charm.cjs", "bin/node", "metadata.yaml", "manifest.yaml"]),
    );
    expect(names.includes("dist/planner-fake.mjs")).toBe(folder === "planner");
  });
});

async function runPacked(folder: Folder) {
  const meta = await loadCharmMeta(join(projectDir(folder), "charmcraft.yaml"));
  return new Context(packedCharm(unpacked.get(folder)!), { meta, secretLeaks: { publicKeys: ["username"] } });
}

describe("the unzipped stand-ins, run as Juju runs them", () => {
  it("postgresql answers garm's request with a granted secret-user", async () => {
    const ctx = await runPacked("postgresql");
    const db = relation({
      endpoint: "database",
      remoteAppName: "garm",
      remoteAppData: postgresqlRequestAppData("garm"),
    });
    const out = await ctx.run(events.relationChanged(db), state({ leader: true, relations: [db] }));
    const bag = getRelation(out, db.id)?.localAppData ?? {};
    expect(bag).toMatchObject({ database: "garm", endpoints: "127.0.0.1:5432", version: "16.9" });
    const user = out.secrets.find((s) => s.id === bag["secret-user"]);
    expect(user?.grants[db.id]).toEqual(["garm"]);
  });

  it("image-builder answers the configurator's credentials with the image id", async () => {
    const ctx = await runPacked("image-builder");
    const request = writeImageRequest({
      authUrl: "https://keystone.example.com:5000/v3",
      username: "garm-runners",
      password: "os-s3cr3t-Pw77",
      projectName: "garm-runners",
      userDomainName: "Default",
      projectDomainName: "Default",
    });
    const image = relation({
      endpoint: "image",
      remoteAppName: "garm-configurator",
      remoteUnitsData: { 0: request },
    });
    const out = await ctx.run(events.relationChanged(image), state({ leader: true, relations: [image] }));
    const read = readImageProviderData(getRelation(out, image.id)?.localUnitData ?? {});
    expect(read.ok && read.value.id).toBe("fake-openstack-image-uuid");
  });
});

describe("the planner fake packed into the planner stand-in", () => {
  it("serves /health from the charm alone with its Node (no node_modules), the token read from a 0600 file", async () => {
    const charmDir = unpacked.get("planner")!;
    const tokenFile = join(tmp, "token");
    writeFileSync(tokenFile, "t0ken-for-the-packed-fake");
    chmodSync(tokenFile, 0o600);
    const child = spawn(
      join(charmDir, "bin", "node"),
      [join(charmDir, "dist", "planner-fake.mjs"), "--port", "0", "--token-file", tokenFile],
      { cwd: tmp, env: { PATH: "" }, stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding("utf8");
        child.stdout.on("data", (text: string) => {
          const match = /serving (http:\/\/\S+)/.exec(text);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`planner-fake exited with ${String(code)}`)));
      });
      const health = await fetch(`${url}/health`);
      expect([health.status, await health.text()]).toEqual([200, '{"status":"ok"}\n']);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("is listed with its licences in dist/THIRD-PARTY-LICENSES", () => {
    const notices = readFileSync(join(unpacked.get("planner")!, "dist", "THIRD-PARTY-LICENSES"), "utf8");
    expect(notices).toMatch(/^commander@/m);
  });
});
