export { PebbleClient, formatPermissions } from "./client.js";
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
export type { PebbleLayer } from "./layer.js";
export type { Change, ChangeTask, CheckInfo, FileInfo, Notice, ServiceInfo, SystemInfo } from "./schemas.js";
