/**
 * The payload: what the project's build step prepares and charmcraft.yaml's `dump` part stages
 * (dispatch, the bundle, bin/node and the licences). The prime directory is the payload plus the
 * files charmcraft generates from charmcraft.yaml.
 */
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

import { HOOK_BUNDLE_WRAPPER, SPAWNER_PATH } from "@garm-charms/charm-runtime/internal";

import { bundleCharm, writeLicenseNotices, type BundleResult } from "./bundle.js";
import type { CharmcraftProject, ManifestInput } from "./charmcraft-project.js";
import { generatedFiles } from "./charmcraft-project.js";
import type { NodeRuntime, PreparedNode } from "./node-runtime.js";
import type { ServiceBundle } from "./service-bundles.js";
import { listFiles } from "./zip.js";

/**
 * Juju runs `dispatch` with cwd = the charm dir and a replaced environment, so node is named by a
 * relative path; charmcraft's entrypoint linter reads the last token of the last line, which must
 * be an executable file relative to the charm root.
 *
 * `--wasm-tiering-budget`: undici parses HTTP with WebAssembly, and V8 soon starts recompiling
 * that parser with its optimising compiler on a background thread. A hook is over before the
 * faster code would pay off, and Node waits for that compile at exit: 150-250 ms of a garm hook
 * on a slow machine. A budget no hook reaches keeps the parser on the baseline compiler.
 * `--wasm-lazy-compilation` compiles each of the parser's functions when it is first called: a
 * hook calls a fraction of them. `--no-opt` keeps JavaScript off the optimising compiler too: a
 * hook is over before optimised code would pay back its compile on the other core (about 7 ms of
 * a garm hook); a hook that computed for long would run a few percent slower on the baseline
 * compiler's code (LZMA-compressing garm's Grafana dashboard: 358 instead of 334 ms).
 *
 * `--max-semi-space-size=1` (MiB): V8 grows its young generation up to 16 MiB as a busy process
 * allocates, and every page it grows into is a fresh page the kernel must fault in and zero. A
 * hook lives well under a second, so that growth never pays back: a garm hook then touches about
 * 3 MiB less memory and is 5-10% faster, while a hook that allocates little never reaches 1 MiB.
 */
const NODE_FLAGS = [
  "--wasm-tiering-budget=1000000000",
  "--wasm-lazy-compilation",
  "--no-opt",
  "--max-semi-space-size=1",
];

export const BUNDLE_PATH = "dist/charm.cjs";

/**
 * The dispatch script. With the hook-tool spawner shipped, Node runs under its launcher
 * (`bin/hook-tool-spawner PROGRAM…`, see spawner/hook-tool-spawner.c): the spawner starts first,
 * beside Node, so that Node never forks itself to start it.
 */
export function dispatchScript(withSpawner: boolean): string {
  const node = `./bin/node ${NODE_FLAGS.join(" ")} ./${BUNDLE_PATH}`;
  const command = withSpawner ? `./${SPAWNER_PATH} ${node}` : node;
  return `#!/bin/sh\nJUJU_DISPATCH_PATH="\${JUJU_DISPATCH_PATH:-$0}" exec ${command}\n`;
}

/** The identifier in a charm's entry that names its hook bundle (see writeHookBundle). */
const HOOK_BUNDLE_DEFINE = "CHARM_HOOK_BUNDLE";

/** Hard link when possible (the binary is large), copy otherwise (another filesystem). */
export function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

export interface PayloadInput {
  readonly entry: string;
  readonly payloadDir: string;
  readonly node: PreparedNode;
  readonly runtime: NodeRuntime;
  /** The built `bin/hook-tool-spawner`, when there was a compiler to build it. */
  readonly spawner?: string | undefined;
  /** Services the charm delivers to its containers, bundled next to dist/charm.cjs. */
  readonly services?: readonly ServiceBundle[];
}

export interface Payload {
  readonly bundleBytes: number;
  /** Bytes of each service bundle, by its path in the charm. */
  readonly serviceBytes: Readonly<Record<string, number>>;
}

/**
 * A charm with `src/hook.ts` next to its entry gets it as `dist/hook-<hash>.cjs`, named by a hash
 * of its content (the code cache beside it is then never used with other code), and its entry is
 * told the name. A charm without one (the stand-ins) is its entry alone.
 */
async function writeHookBundle(
  entry: string,
  dir: string,
  nodeMajor: number,
): Promise<HookBundle | undefined> {
  const source = join(dirname(entry), "hook.ts");
  if (!existsSync(source)) return undefined;
  const built = join(dir, "dist", "hook.cjs");
  const result = await bundleCharm({
    entry: source,
    outfile: built,
    nodeMajor,
    format: "cjs",
    wrapper: HOOK_BUNDLE_WRAPPER,
  });
  const name = `hook-${createHash("sha256").update(readFileSync(built)).digest("hex").slice(0, 16)}.cjs`;
  renameSync(built, join(dir, "dist", name));
  chmodSync(join(dir, "dist", name), 0o644);
  return { name, result };
}

interface HookBundle {
  readonly name: string;
  readonly result: BundleResult;
}

export async function writePayload(input: PayloadInput): Promise<Payload> {
  const dir = input.payloadDir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "dist"), { recursive: true });
  writeFileSync(join(dir, "dispatch"), dispatchScript(input.spawner !== undefined));
  chmodSync(join(dir, "dispatch"), 0o755);
  const nodeMajor = Number(input.runtime.version.split(".")[0]);
  const hook = await writeHookBundle(input.entry, dir, nodeMajor);
  const bundle = await bundleCharm({
    entry: input.entry,
    outfile: join(dir, BUNDLE_PATH),
    nodeMajor,
    format: "cjs",
    ...(hook === undefined ? {} : { define: { [HOOK_BUNDLE_DEFINE]: JSON.stringify(hook.name) } }),
  });
  const packageDirs = new Set([...bundle.packageDirs, ...(hook?.result.packageDirs ?? [])]);
  const serviceBytes: Record<string, number> = {};
  for (const service of input.services ?? []) {
    // The charm's Node major: the oldest a service's container image may have (its README says so).
    const built = await bundleCharm({ entry: service.entry, outfile: join(dir, service.out), nodeMajor });
    for (const pkg of built.packageDirs) packageDirs.add(pkg);
    serviceBytes[service.out] = built.bytes;
  }
  writeLicenseNotices([...packageDirs].sort(), join(dir, "dist", "THIRD-PARTY-LICENSES"));
  linkOrCopy(input.node.path, join(dir, "bin", "node"));
  if (input.spawner !== undefined) linkOrCopy(input.spawner, join(dir, SPAWNER_PATH));
  copyFileSync(input.runtime.license, join(dir, "bin", "NODE-LICENSE"));
  chmodSync(join(dir, "bin", "NODE-LICENSE"), 0o644);
  return { bundleBytes: bundle.bytes + (hook?.result.bytes ?? 0), serviceBytes };
}

export function writePrime(
  project: CharmcraftProject,
  manifest: ManifestInput,
  payloadDir: string,
  primeDir: string,
): void {
  rmSync(primeDir, { recursive: true, force: true });
  mkdirSync(primeDir, { recursive: true });
  for (const rel of listFiles(payloadDir)) linkOrCopy(join(payloadDir, rel), join(primeDir, rel));
  for (const [name, text] of generatedFiles(project, manifest)) {
    writeFileSync(join(primeDir, name), text);
    chmodSync(join(primeDir, name), 0o644);
  }
}
