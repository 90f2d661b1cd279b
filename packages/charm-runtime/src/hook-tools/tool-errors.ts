/**
 * Maps a failed hook-tool run to a typed error, following ops' rules (spec §2.1): "relation not found"
 * from relation-/network- tools, "not found" from secret- tools, permission texts from any tool, exit
 * code 2 for usage errors, and a general ModelError otherwise. Only stderr is kept, never stdin.
 */
import {
  HookToolUsageError,
  ModelError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
} from "../errors.js";

const PERMISSION_TEXTS = [
  "permission denied",
  "access denied",
  "not the leader",
  "cannot write relation settings",
];

export function toolError(tool: string, exitCode: number, stderr: string): ModelError {
  const text = stderr.toLowerCase();
  if ((tool.startsWith("relation-") || tool.startsWith("network-")) && text.includes("relation not found")) {
    return new RelationNotFoundError(tool, exitCode, stderr);
  }
  if (tool.startsWith("secret-") && text.includes("not found")) {
    return new SecretNotFoundError(tool, exitCode, stderr);
  }
  if (PERMISSION_TEXTS.some((t) => text.includes(t)))
    return new PermissionDeniedError(tool, exitCode, stderr);
  if (exitCode === 2) return new HookToolUsageError(tool, exitCode, stderr);
  return new ModelError(tool, exitCode, stderr);
}
