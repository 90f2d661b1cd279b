import { PlannerRequestInvalidError } from "./errors.js";

/** The flavor name that addresses every flavor on the pressure routes. */
export const ALL_FLAVORS = "_";

/**
 * Parses the relation's `endpoint`. It may carry a path prefix (an ingress route), so it is
 * kept as a directory URL that API paths are joined to relatively.
 */
export function endpointUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new PlannerRequestInvalidError("the endpoint is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PlannerRequestInvalidError(`the endpoint's scheme ${url.protocol} is not http: or https:`);
  }
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/**
 * Joins a relative API path (`api/v1/...`, no leading slash) under the endpoint: a leading `/`
 * would drop the ingress prefix.
 */
export function apiUrl(base: URL, relative: string): URL {
  return new URL(relative, base);
}

export function flavorSegment(flavor: string): string {
  if (flavor === "") throw new PlannerRequestInvalidError("the flavor name is empty");
  return encodeURIComponent(flavor);
}

/** The call as errors name it: method and URL, without credentials or query. */
export function describeCall(method: string, url: URL): string {
  return `${method} ${url.origin}${url.pathname}`;
}
