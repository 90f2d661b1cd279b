/**
 * GARM's access log, read as an operator would: `pebble logs garm` in the garm container, through
 * `juju exec`. Each request GARM served is one `msg=access_log` line (method, path, status).
 */
import type { LocalJuju } from "@garm-charms/juju-local/test-support";
import { DemoError } from "./errors.js";

export const GARM_LOGS_COMMAND =
  "PEBBLE_SOCKET=/charm/containers/garm/pebble.socket /charm/bin/pebble logs garm -n all";

const LOGIN_PATH = "/api/v1/auth/login";

export interface GarmRequest {
  readonly method: string;
  readonly path: string;
  readonly code: number;
}

const ACCESS_LINE = /msg=access_log method=(\S+) uri=(\S+) code=(\d+)/;

/** Every request GARM has logged so far, oldest first. */
export function garmRequests(juju: LocalJuju, unit = "garm/0"): GarmRequest[] {
  const run = juju.juju("exec", "--unit", unit, "--", GARM_LOGS_COMMAND);
  if (run.code !== 0) throw new DemoError(`could not read GARM's log on ${unit}: ${run.stderr.trim()}`);
  return run.stdout.split("\n").flatMap((line) => {
    const match = ACCESS_LINE.exec(line);
    return match === null ? [] : [{ method: match[1] ?? "", path: match[2] ?? "", code: Number(match[3]) }];
  });
}

/** A request that changes GARM's state. Logging in (a POST) only issues a token, so it is not one. */
export const isWrite = (r: GarmRequest): boolean => r.method !== "GET" && r.path !== LOGIN_PATH;

export const isLogin = (r: GarmRequest): boolean => r.path === LOGIN_PATH;
