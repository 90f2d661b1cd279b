/** `is-leader`: whether this unit holds the application's leadership (cached for the hook). */
import * as z from "zod";

import { JSON_FORMAT } from "./read-argv.js";
import type { HookToolSession } from "./session.js";

export function isLeader(session: HookToolSession): Promise<boolean> {
  return session.cached("is-leader", () => session.runJson("is-leader", JSON_FORMAT, z.boolean()));
}
