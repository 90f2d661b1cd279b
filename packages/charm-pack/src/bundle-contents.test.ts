/**
 * What each charm's bundle holds, through the same esbuild step as the pack (no Node binary, no
 * zip): the configurator talks only to Juju, so its bundle must hold no HTTP client; garm's
 * holds undici (the GARM and Pebble clients), which shows the check sees one when it is there.
 */
import { isAscii } from "node:buffer";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { bundleCharm, type BundleResult } from "./bundle.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/** npm packages that speak HTTP, and the Node built-ins that do. */
const HTTP_CLIENT_PACKAGES = [
  "undici",
  "axios",
  "got",
  "node-fetch",
  "cross-fetch",
  "ky",
  "ofetch",
  "superagent",
  "needle",
  "request",
  "http2-wrapper",
];
const HTTP_BUILTINS = ["http", "https", "http2"].flatMap((name) => [name, `node:${name}`]);

/** `.../node_modules/@scope/name` -> `@scope/name`. */
function packageName(dir: string): string {
  const parent = basename(dirname(dir));
  return parent.startsWith("@") ? `${parent}/${basename(dir)}` : basename(dir);
}

function httpClientsIn(bundle: BundleResult): string[] {
  const packages = bundle.packageDirs.map(packageName).filter((name) => HTTP_CLIENT_PACKAGES.includes(name));
  const builtins = bundle.externalImports.filter((path) => HTTP_BUILTINS.includes(path));
  return [...packages, ...builtins];
}

/** Every JavaScript file of the undici that the bundles inline. */
function undiciSources(): { file: string; text: string }[] {
  const undici = dirname(
    createRequire(join(REPO, "packages", "undici-core", "src", "index.ts")).resolve("undici/package.json"),
  );
  return readdirSync(join(undici, "lib"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".js"))
    .map((file) => ({ file, text: readFileSync(join(undici, "lib", file), "utf8") }));
}

let tmp: string;
const bundles = new Map<string, BundleResult>();

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "charm-bundle-"));
  for (const charm of ["garm-configurator", "garm"]) {
    // What the pack bundles: the entry, and the hook bundle it runs.
    const [entry, hook] = await Promise.all(
      ["dispatch", "hook"].map((name) =>
        bundleCharm({
          entry: join(REPO, "charms", charm, "src", `${name}.ts`),
          outfile: join(tmp, `${charm}-${name}.cjs`),
          nodeMajor: 20,
          format: "cjs",
        }),
      ),
    );
    bundles.set(charm, {
      bytes: entry!.bytes + hook!.bytes,
      packageDirs: [...entry!.packageDirs, ...hook!.packageDirs],
      externalImports: [...entry!.externalImports, ...hook!.externalImports],
    });
  }
}, 60_000);

afterAll(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
});

describe("what the charm bundles hold", () => {
  it("the configurator's bundle contains no HTTP client", () => {
    expect(httpClientsIn(bundles.get("garm-configurator")!)).toEqual([]);
  });

  it("garm's bundle contains undici (the check finds a client that is there)", () => {
    expect(httpClientsIn(bundles.get("garm")!)).toEqual(["undici"]);
  });

  it("garm's hooks never load node:http2: undici's HTTP/2 client gets the absent-http2 module", () => {
    const bundle = bundles.get("garm")!;
    expect(bundle.externalImports).not.toContain("node:http2");
    expect(bundle.externalImports).not.toContain("http2");
  });

  it("garm's hooks never load node:http either: undici's core gets http-for-undici's two values", () => {
    const bundle = bundles.get("garm")!;
    expect(bundle.externalImports).not.toContain("node:http");
    expect(bundle.externalImports).not.toContain("http");
  });

  it("each hook bundle is ASCII, which the hook reads as Latin-1 without decoding", () => {
    for (const charm of ["garm-configurator", "garm"]) {
      expect(isAscii(readFileSync(join(tmp, `${charm}-hook.cjs`))), charm).toBe(true);
    }
  });

  it("garm's hooks never load node:assert: undici's asserts get assert-for-undici", () => {
    const bundle = bundles.get("garm")!;
    expect(bundle.externalImports).not.toContain("node:assert");
    expect(bundle.externalImports).not.toContain("assert");
  });

  it("undici calls node:assert only as assert(value, message), all the stand-in has", () => {
    const requireAssert = /const (\w+) = require\('(node:)?assert'\)/g;
    const users = undiciSources().filter((source) => /require\('(node:)?assert'\)/.test(source.text));
    expect(users.length).toBeGreaterThan(10);
    for (const { file, text } of users) {
      const names = [...text.matchAll(requireAssert)].map((match) => match[1]);
      expect(names, file).toEqual(["assert"]);
      expect(text.match(/\bassert\s*\.\s*\w+/g) ?? [], file).toEqual([]);
    }
  });

  it("gives undici Node's own default header limit", async () => {
    const http = await import("node:http");
    const { maxHeaderSize } = await import("./http-for-undici.js");
    expect(maxHeaderSize).toBe(http.maxHeaderSize);
  });
});
