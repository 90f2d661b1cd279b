/**
 * Carries secret values to `secret-add`/`secret-set` the way ops does: each value goes into a 0600
 * file in a private 0700 directory and the tool gets `key#file=<path>`, so no value is ever in argv.
 * The directory is removed afterwards, also when the tool fails.
 */
// `fs.promises`, not `node:fs/promises`: the bundle reads the property at the call, so the
// module behind it loads only for a hook that writes a secret (a few milliseconds of start-up
// otherwise). A dynamic import() cannot do it: the hook bundle runs as a script, without one.
import { promises as fs } from "node:fs";
import { join } from "node:path";

export async function withSecretFiles<T>(
  tmpDir: string,
  content: Readonly<Record<string, string>>,
  use: (args: string[]) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(join(tmpDir, "juju-secret-"));
  try {
    const args: string[] = [];
    for (const [index, [key, value]] of Object.entries(content).entries()) {
      const path = join(dir, `value-${index}`);
      await fs.writeFile(path, value, { mode: 0o600, flag: "wx" });
      args.push(`${key}#file=${path}`);
    }
    return await use(args);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
