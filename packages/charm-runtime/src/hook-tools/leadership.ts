/** `is-leader`: whether this unit holds the application's leadership (cached for the hook). */
import * as z from "zod";

import type { HookToolSession } from "./session.js";

export function isLeader(session: HookToolSession): Promise<boolean> {
  return session.cached("is-leader", () => session.runJson("is-leader", ["--format=json"], z.boolean()));
}
