import { readFile } from "node:fs/promises";
import * as z from "zod";
import { PlannerFakeError } from "./errors.js";
import type { PlannerFakeFlavor } from "./flavors.js";
import type { PlannerFakeOptions } from "./server.js";

/** The command line as commander hands it over (all strings). */
export interface CliOptions {
  readonly port: string;
  readonly host: string;
  readonly tokenFile: string;
  readonly adminTokenFile?: string;
  readonly prefix?: string;
  readonly flavor: readonly string[];
  readonly heartbeatMs: string;
}

const port = z.coerce.number().int().min(0).max(65_535);
const heartbeat = z.coerce.number().int().min(1);
const flavorArg = /^([^=/]+)(?:=(\d+))?$/;

async function readToken(path: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new PlannerFakeError(`cannot read the ${what} file ${path} (${code})`);
  }
  const token = text.trim();
  if (token === "") throw new PlannerFakeError(`the ${what} file ${path} is empty`);
  return token;
}

/** `--flavor small` or `--flavor small=3` (3 jobs). */
function parseFlavor(arg: string): PlannerFakeFlavor {
  const match = flavorArg.exec(arg);
  if (match === null) throw new PlannerFakeError(`--flavor ${arg}: expected <name> or <name>=<pressure>`);
  const name = match[1] ?? "";
  return match[2] === undefined ? { name } : { name, pressure: Number(match[2]) };
}

function parseNumber(schema: z.ZodType<number>, flag: string, value: string): number {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new PlannerFakeError(`${flag} ${value}: not a valid value`);
  return parsed.data;
}

/**
 * Turns the command line into server options. Tokens come from files so they never appear in
 * the process list.
 */
export async function parseCliOptions(cli: CliOptions): Promise<PlannerFakeOptions> {
  return {
    port: parseNumber(port, "--port", cli.port),
    host: cli.host,
    token: await readToken(cli.tokenFile, "token"),
    ...(cli.adminTokenFile === undefined
      ? {}
      : { adminToken: await readToken(cli.adminTokenFile, "admin token") }),
    ...(cli.prefix === undefined ? {} : { prefix: cli.prefix }),
    flavors: cli.flavor.map(parseFlavor),
    heartbeatMs: parseNumber(heartbeat, "--heartbeat-ms", cli.heartbeatMs),
  };
}
