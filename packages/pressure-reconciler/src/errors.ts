/** The service's own failures; each message is one line an operator can act on. */

/** The configuration file is missing, readable by others, not JSON or not valid. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** The service could not start a part of itself (a port taken, GARM refusing the login). */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
}
