/**
 * Workload images as resources: an `oci-image` resource's value is a directory used as the
 * image's root filesystem (copied into the container root; an optional `image.json` with
 * `{"env": {...}}` gives the image's environment, as an OCI config does), or a built-in image:
 * `local:garm` (the project's GARM fake as /usr/local/bin/garm, and a provider executable that
 * answers GARM's probe) and `local:node` (the host's node as /usr/local/bin/node).
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type * as Esbuild from "esbuild";
import * as z from "zod";
import { JujuLocalError } from "../errors.js";

export const BUILT_IN_IMAGES = ["local:garm", "local:node"] as const;

const imageConfigSchema = z.object({ env: z.record(z.string(), z.string()).optional() });

/** The resource value as stored: a built-in name, or the directory as an absolute path. */
export function checkImageResource(resource: string, value: string): string {
  if ((BUILT_IN_IMAGES as readonly string[]).includes(value)) return value;
  const dir = resolve(value);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new JujuLocalError(
      `resource "${resource}": "${value}" is neither a directory (an image root filesystem) nor one of ${BUILT_IN_IMAGES.join(", ")}`,
    );
  return dir;
}

function writeExecutable(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The GARM fake's command line as one plain-Node file, bundled once per model: the executable
 * starts in a Node start-up, not a TypeScript compile.
 */
async function garmBundle(modelDir: string): Promise<string> {
  const out = join(modelDir, "images", "garm-fake.mjs");
  if (existsSync(out)) return out;
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@garm-charms/garm-fake/garm");
  const { build } = (await import(require.resolve("esbuild"))) as typeof Esbuild;
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
  });
  return out;
}

/** What GARM runs to probe an external provider: answers the version and lists no instances. */
const PROVIDER_SCRIPT = `#!/bin/sh
# A stand-in OpenStack provider for the local model: answers GARM's probes, creates nothing.
case "\${GARM_COMMAND:-$1}" in
  GetVersion|--version|version) echo "v0.1.0-local" ;;
  GetSupportedInterfaceVersions) echo '["v0.1.0","v0.1.1"]' ;;
  ListInstances) echo '[]' ;;
  RemoveAllInstances|DeleteInstance|Start|Stop) ;;
  *) echo "garm-provider-openstack (local stand-in): unsupported command \${GARM_COMMAND:-$1}" >&2; exit 1 ;;
esac
`;

/** Node from the host; an absolute argument naming a file in the container is mapped under its root. */
const nodeScript = (node: string): string => `#!/bin/sh
for arg in "$@"; do
  shift
  case "$arg" in
    /*) if [ -e "$PEBBLE_CONTAINER_ROOT$arg" ]; then arg="$PEBBLE_CONTAINER_ROOT$arg"; fi ;;
  esac
  set -- "$@" "$arg"
done
exec ${shellQuote(node)} "$@"
`;

/** Installs the image into `root`; returns the image's environment. */
export async function installImage(
  value: string,
  root: string,
  modelDir: string,
): Promise<Record<string, string>> {
  mkdirSync(root, { recursive: true });
  if (value === "local:garm") {
    const bundle = await garmBundle(modelDir);
    writeExecutable(
      join(root, "usr/local/bin/garm"),
      `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(bundle)} "$@"\n`,
    );
    writeExecutable(join(root, "usr/local/bin/garm-provider-openstack"), PROVIDER_SCRIPT);
    // Real GARM units share PostgreSQL; the fakes of one model share their state files here.
    return {
      GARM_FAKE_STATE_DIR: join(modelDir, "shared", "garm-fake-db"),
      // Fake-only: tests make GitHub assign jobs to a scale set (garm-fake's routes/fake-control.ts).
      GARM_FAKE_CONTROL: "1",
    };
  }
  if (value === "local:node") {
    writeExecutable(join(root, "usr/local/bin/node"), nodeScript(process.execPath));
    return {};
  }
  cpSync(value, root, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  const config = join(value, "image.json");
  if (!existsSync(config)) return {};
  const parsed = imageConfigSchema.safeParse(JSON.parse(readFileSync(config, "utf8")));
  if (!parsed.success)
    throw new JujuLocalError(`${config} is not {"env": {...}}: ${parsed.error.issues[0]?.message ?? ""}`);
  return parsed.data.env ?? {};
}
