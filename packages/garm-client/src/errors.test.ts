import { describe, expect, it } from "vitest";
import { GarmApiError, GarmUnavailableError } from "./errors.js";

const call = { method: "GET", path: "/api/v1/controller-info" };

describe("GarmApiError predicates", () => {
  it.each([
    [409, "init_required", "isInitRequired"],
    [409, "urls_required", "isUrlsRequired"],
    [409, "Conflict", "isConflict"],
    [401, "Not Authorized", "isUnauthorised"],
    [404, "Not Found", "isNotFound"],
    [400, "Bad Request", "isBadRequest"],
  ] as const)("HTTP %i %s is %s and nothing else", (status, code, predicate) => {
    const error = new GarmApiError(call, status, code, "");
    const predicates = [
      "isInitRequired",
      "isUrlsRequired",
      "isConflict",
      "isUnauthorised",
      "isNotFound",
      "isBadRequest",
    ] as const;
    for (const name of predicates) expect(error[name], name).toBe(name === predicate);
  });

  it("says which call failed and what GARM answered", () => {
    const error = new GarmApiError(call, 409, "init_required", "Missing superuser");
    expect(error.message).toBe(
      "GARM rejected GET /api/v1/controller-info with HTTP 409 (init_required: Missing superuser)",
    );
  });
});

describe("GarmUnavailableError", () => {
  it("carries the reason and, for 5xx, GARM's status", () => {
    const error = new GarmUnavailableError(call, "server-error", "HTTP 503", {
      status: 503,
      code: "Server error",
      details: "",
    });
    expect(error.reason).toBe("server-error");
    expect(error.status).toBe(503);
    expect(new GarmUnavailableError(call, "timeout", "slow").status).toBeUndefined();
  });
});
