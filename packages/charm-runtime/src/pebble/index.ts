/**
 * The `@garm-charms/charm-runtime/pebble` entry: the Pebble client (HTTP over a container's unix
 * socket, with undici) and its errors. Kept out of the root entry so a charm without containers
 * never loads an HTTP client; a charm with containers passes `connectPebble` to `main`.
 */
import type { PebbleConnector } from "../model/container.js";
import { PebbleClient } from "./client.js";

export { PebbleClient, formatPermissions } from "./client.js";
export { readingAhead, startPebbleReads } from "./read-ahead.js";
export type { PebbleReadAhead, PebbleReads } from "./read-ahead.js";
export { pebbleSocketPathFor } from "../pebble-socket-path.js";
export type {
  ListFilesOptions,
  MakeDirOptions,
  NoticeFilter,
  PebbleClientOptions,
  PebblePlan,
  PushOptions,
} from "./client.js";
export {
  PebbleApiError,
  PebbleChangeError,
  PebbleChangeNotFoundError,
  PebbleConnectionError,
  PebbleEncodingError,
  PebbleError,
  PebblePathError,
  PebbleProtocolError,
  PebbleRequestError,
  PebbleTimeoutError,
} from "./errors.js";
export type { PebbleLayer, PebbleService, PebbleServicesLayer } from "./layer.js";
export type { Change, ChangeTask, CheckInfo, FileInfo, Notice, ServiceInfo, SystemInfo } from "./schemas.js";
export type { PebbleConnector } from "../model/container.js";

/** The connector `main(charm, { pebble: connectPebble })` takes: a client with default timeouts. */
export const connectPebble: PebbleConnector = (socketPath) => new PebbleClient({ socketPath });
