/** An error answered to the client as GARM's `{"error","details"}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly details: string,
  ) {
    super(`${status} ${error}: ${details}`);
    this.name = "ApiError";
  }

  toBody(): { error: string; details: string } {
    return { error: this.error, details: this.details };
  }
}

export const badRequest = (details: string): ApiError => new ApiError(400, "Bad Request", details);
export const notFound = (details: string): ApiError => new ApiError(404, "Not Found", details);
export const conflict = (details: string): ApiError => new ApiError(409, "Conflict", details);
/** GARM hides the cause of internal errors: details is always empty. */
export const serverError = (): ApiError => new ApiError(500, "Server error", "");
export const authFailed = (): ApiError => new ApiError(401, "Authentication failed", "");
export const notAuthorized = (): ApiError => new ApiError(401, "Not Authorized", "");
/** Go's JSON decoder failing (bad syntax, wrong types, bad base64) is reported this way. */
export const invalidRequest = (): ApiError => badRequest("invalid request");
export const initRequired = (): ApiError => new ApiError(409, "init_required", "Missing superuser");
export const urlsRequired = (): ApiError =>
  new ApiError(
    409,
    "urls_required",
    "Missing required URLs. Make sure you update the metadata and callback URLs",
  );
export const routeNotFound = (): ApiError => new ApiError(404, "Not found", "Resource not found");
