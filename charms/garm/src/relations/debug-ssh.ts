/** The `debug-ssh` relation: the tmate server the runners' install template points at. */
import type { HookContext } from "@garm-charms/charm-runtime";
import { readDebugSshConnections, type DebugSshConnection } from "@garm-charms/interfaces";

export const DEBUG_SSH_ENDPOINT = "debug-ssh";

/** The tmate server runners should use: the first usable one, sorted by host and port. */
export async function debugSshConnection(ctx: HookContext): Promise<DebugSshConnection | undefined> {
  const relation = await ctx.relation(DEBUG_SSH_ENDPOINT);
  if (relation === undefined) return undefined;
  const bags: Record<string, Readonly<Record<string, string>>> = {};
  for (const unit of relation.remoteUnits) {
    if (unit !== relation.departingUnit) bags[unit] = await relation.remoteUnitData(unit).get();
  }
  const read = readDebugSshConnections(bags);
  for (const skipped of read.skipped.filter((s) => s.state === "invalid")) {
    await ctx.log.warning(
      `Ignoring debug-ssh data of ${skipped.unit}: ${skipped.problems.map((p) => p.message).join("; ")}`,
    );
  }
  return read.connections[0];
}
