/**
 * One hook run's access to the hook tools: runs a tool through the HookToolRunner, maps failures to
 * typed errors, parses JSON output with zod, and holds the per-hook read cache. Every tool module
 * (config, relations, secrets, ...) is a set of functions over a session.
 */
import * as z from "zod";

import { UnexpectedToolOutputError } from "../errors.js";
import { ReadCache } from "./read-cache.js";
import type { HookToolRunner } from "./runner.js";
import { toolError } from "./tool-errors.js";

export class HookToolSession {
  constructor(
    private readonly runner: HookToolRunner,
    /** Where secret values are written (0600) for `key#file=` arguments. */
    readonly tmpDir: string,
    readonly cache: ReadCache = new ReadCache(),
  ) {}

  /**
   * The same session for reads started ahead of need: its cached reads go through `cache.warm`,
   * so a failure waits for the charm's own read instead of being retried by it.
   */
  readingAhead(): HookToolSession {
    return new ReadAheadSession(this.runner, this.tmpDir, this.cache);
  }

  /** Runs a tool and returns its stdout; throws a typed ModelError subclass on a non-zero exit. */
  async run(tool: string, args: readonly string[], stdin?: string): Promise<string> {
    const result = await this.runner.run(stdin === undefined ? { tool, args } : { tool, args, stdin });
    if (result.exitCode !== 0) throw toolError(tool, result.exitCode, result.stderr);
    return result.stdout;
  }

  /** Runs a tool that prints JSON and validates it. The output itself never reaches the error. */
  async runJson<T>(tool: string, args: readonly string[], schema: z.ZodType<T>): Promise<T> {
    return parseToolJson(tool, await this.run(tool, args), schema);
  }

  /** A read that is answered from the cache when the same key was read earlier in this hook. */
  cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.cache.get(key, load);
  }

  invalidate(prefix: string): void {
    this.cache.invalidate(prefix);
  }
}

class ReadAheadSession extends HookToolSession {
  override cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.cache.warm(key, load);
  }
}

export function parseToolJson<T>(tool: string, stdout: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.trim() === "" ? "null" : stdout);
  } catch {
    throw new UnexpectedToolOutputError(tool, "not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`);
    throw new UnexpectedToolOutputError(tool, issues.join("; "));
  }
  return parsed.data;
}

/** A JSON list of strings that Juju prints as `null` when empty. */
export const stringListOrNull = z
  .array(z.string())
  .nullable()
  .transform((v) => v ?? []);

/** A JSON map of strings that Juju prints as `null` when empty. */
export const stringMapOrNull = z
  .record(z.string(), z.string())
  .nullable()
  .transform((v) => v ?? {});
