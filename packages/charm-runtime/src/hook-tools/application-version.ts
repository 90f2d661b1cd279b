/** `application-version-set`: the workload version shown by `juju status`. */
import type { HookToolSession } from "./session.js";

export async function applicationVersionSet(session: HookToolSession, version: string): Promise<void> {
  await session.run("application-version-set", ["--", version]);
}
