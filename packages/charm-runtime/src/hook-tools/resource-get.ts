/** `resource-get`: the local path of a file resource (plain text output, no `--format`). */
import { UnexpectedToolOutputError } from "../errors.js";
import type { HookToolSession } from "./session.js";

export function resourceGet(session: HookToolSession, name: string): Promise<string> {
  return session.cached(`resource-get:${name}`, async () => {
    const path = (await session.run("resource-get", [name])).trim();
    if (path === "") throw new UnexpectedToolOutputError("resource-get", "no path printed");
    return path;
  });
}
