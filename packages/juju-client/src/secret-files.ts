/**
 * Secret content and action parameters go to juju in a file, never in argv (where `ps` and shell
 * history would show them). The file lives in a private directory, mode 0600, and is removed as
 * soon as the command returns. The juju snap is strictly confined and cannot read the host's
 * /tmp, so where the snap's own directory exists the files go there.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/** `~/snap/juju/common` when the juju snap is installed, else the system temp dir. */
export function defaultTempDir(): string {
  const snapDir = join(homedir(), "snap", "juju", "common");
  return existsSync(snapDir) ? snapDir : tmpdir();
}

export async function withPrivateFile<T>(
  parent: string,
  name: string,
  content: string,
  use: (path: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(parent, "juju-client-"));
  try {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return await use(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
