/**
 * esbuild bundles: every dependency inlined, so nothing is read from the source tree or
 * node_modules at run time. A charm is two CommonJS files (see payload.ts): its entry and its hook
 * bundle, which the entry runs through a V8 code cache (Node 20 caches code only for CommonJS
 * scripts). The services a charm delivers to its containers are ESM files.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { build, type Metafile, type Plugin } from "esbuild";
import * as z from "zod";

import { BundleError } from "./errors.js";

/**
 * yaml and undici are CommonJS and call `require("process")` and the like; an ESM bundle has no
 * `require`, so define one.
 */
const REQUIRE_BANNER =
  'import { createRequire as __charmCreateRequire } from "node:module";\n' +
  "const require = __charmCreateRequire(import.meta.url);";

const HTTP2_ABSENT = fileURLToPath(new URL("./http2-absent.ts", import.meta.url));
const HTTP_FOR_UNDICI = fileURLToPath(new URL("./http-for-undici.ts", import.meta.url));
const ASSERT_FOR_UNDICI = fileURLToPath(new URL("./assert-for-undici.ts", import.meta.url));

/** The undici modules whose `node:http` import http-for-undici.ts stands in for (see there). */
const UNDICI_HTTP_IMPORTERS = [
  join("undici", "lib", "core", "util.js"),
  join("undici", "lib", "dispatcher", "client.js"),
];

/** Whether esbuild's `importer` is one of undici's own modules. */
function fromUndici(importer: string): boolean {
  return importer.includes(`${sep}undici${sep}`);
}

/**
 * undici's `require("node:http2")` gets http2-absent.ts, its core's `require("node:http")`
 * http-for-undici.ts, and its `require("node:assert")` assert-for-undici.ts (see each); any other
 * importer, Node's own.
 */
const undiciStandIns: Plugin = {
  name: "undici-stand-ins",
  setup(plugin) {
    plugin.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
      fromUndici(args.importer) ? { path: HTTP2_ABSENT } : undefined,
    );
    plugin.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
      fromUndici(args.importer) ? { path: ASSERT_FOR_UNDICI } : undefined,
    );
    plugin.onResolve({ filter: /^(node:)?http$/ }, (args) =>
      UNDICI_HTTP_IMPORTERS.some((module) => args.importer.endsWith(`${sep}${module}`))
        ? { path: HTTP_FOR_UNDICI }
        : undefined,
    );
  },
};

/** The Node major the bundle targets: the one it ships with. */
export interface BundleInput {
  readonly entry: string;
  readonly outfile: string;
  readonly nodeMajor: number;
  /** ESM by default (a service); a charm's entry and hook bundle are CommonJS. */
  readonly format?: "esm" | "cjs";
  /** Identifiers replaced by constants (esbuild's `define`). */
  readonly define?: Readonly<Record<string, string>>;
  /** Text written before and after the code (a CommonJS hook bundle's function wrapper). */
  readonly wrapper?: { readonly head: string; readonly tail: string };
}

export interface BundleResult {
  readonly bytes: number;
  /** Packages inlined into the bundle, for the licence notices. */
  readonly packageDirs: readonly string[];
  /** Modules the bundle leaves to Node at run time (its built-ins, `node:http` and the like). */
  readonly externalImports: readonly string[];
}

export async function bundleCharm(input: BundleInput): Promise<BundleResult> {
  let metafile: Metafile;
  try {
    const esm = (input.format ?? "esm") === "esm";
    const result = await build({
      entryPoints: [input.entry],
      outfile: input.outfile,
      bundle: true,
      platform: "node",
      format: esm ? "esm" : "cjs",
      target: `node${String(input.nodeMajor)}`,
      ...(esm ? { banner: { js: REQUIRE_BANNER } } : {}),
      ...(input.wrapper === undefined
        ? {}
        : { banner: { js: input.wrapper.head }, footer: { js: input.wrapper.tail } }),
      define: { ...input.define },
      // Every hook reads what it loads: without whitespace and with shorter syntax, the code is
      // about half the bytes. Identifiers stay as written, so stack frames name real functions;
      // esbuild's keepNames would keep them too, but by renaming every function again as the
      // bundle loads (1,400 calls in garm's, 8 ms of its hooks).
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: "none",
      metafile: true,
      logLevel: "silent",
      plugins: [undiciStandIns],
    });
    metafile = result.metafile;
  } catch (error) {
    throw new BundleError(input.entry, (error as Error).message.split("\n")[0] ?? "unknown error");
  }
  chmodSync(input.outfile, 0o755);
  const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { bytes, packageDirs: packageDirsOf(metafile), externalImports: externalImportsOf(metafile) };
}

function externalImportsOf(metafile: Metafile): string[] {
  const paths = Object.values(metafile.inputs).flatMap((input) =>
    input.imports.filter((imported) => imported.external === true).map((imported) => imported.path),
  );
  return [...new Set(paths)].sort();
}

/** `.../node_modules/<name>` or `.../node_modules/@scope/<name>` for every bundled input under node_modules. */
function packageDirsOf(metafile: Metafile): string[] {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const path = resolve(input);
    const marker = `${sep}node_modules${sep}`;
    const at = path.lastIndexOf(marker);
    if (at < 0) continue;
    const parts = path.slice(at + marker.length).split(sep);
    const nameParts = parts[0]?.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1);
    dirs.add(path.slice(0, at + marker.length) + nameParts.join(sep));
  }
  return [...dirs].sort();
}

const packageSchema = z.object({ name: z.string(), version: z.string(), license: z.string().optional() });

/** The licence texts of the bundled packages (their licences ask that the notice travels with copies). */
export function writeLicenseNotices(packageDirs: readonly string[], dest: string): void {
  const sections = packageDirs.map((dir) => {
    const pkg = packageSchema.parse(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")));
    const licenseFile = existsSync(dir)
      ? readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name))
      : undefined;
    const text =
      licenseFile === undefined
        ? `(no licence file in the package; package.json says ${pkg.license ?? "nothing"})`
        : readFileSync(join(dir, licenseFile), "utf8").trim();
    return `${pkg.name}@${pkg.version} (${pkg.license ?? "unknown"})\n\n${text}\n`;
  });
  const header = "Third-party packages bundled into the .mjs files of dist/, with their licences.\n";
  writeFileSync(dest, [header, ...sections].join(`\n${"-".repeat(72)}\n\n`));
}
