import { serverError } from "./api-error.js";
import type { Reply } from "./http-types.js";

/**
 * How an entity's GitHub fails, as GARM meets it: refused connections, 401, 404 and a refused App
 * installation token all make GARM answer a bare 500 to the calls that reach GitHub; `hang` is a
 * GitHub that accepts the connection and never answers (GARM waits past any client timeout).
 */
export type ForgeFailure = "unreachable" | "unauthorized" | "not-found" | "token-refused" | "hang";

export const FORGE_FAILURES: readonly ForgeFailure[] = [
  "unreachable",
  "unauthorized",
  "not-found",
  "token-refused",
  "hang",
];

/** An org name (`my-org`) or a repository (`owner/name`), one segment each, no blanks. */
const ENTITY_RE = /^[^\s/]+(\/[^\s/]+)?$/;

export function isForgeEntity(text: string): boolean {
  return ENTITY_RE.test(text);
}

/** GitHub names are case-insensitive; so are the keys the failures are stored under. */
export function forgeKey(entity: { kind: "org" | "repo"; owner: string; name: string }): string {
  return (entity.kind === "org" ? entity.name : `${entity.owner}/${entity.name}`).toLowerCase();
}

/** A reply the fake never sends: the connection stays open until the client gives up. */
export const NO_ANSWER: Reply = { kind: "hang" };

/**
 * What GARM answers to a call that reaches a failing GitHub: nothing for `hang`, otherwise a bare
 * 500 (GARM hides the cause). Undefined when GitHub answers.
 */
export function forgeReply(failure: ForgeFailure | undefined): Reply | undefined {
  if (failure === undefined) return undefined;
  if (failure === "hang") return NO_ANSWER;
  return { kind: "error", error: serverError() };
}
