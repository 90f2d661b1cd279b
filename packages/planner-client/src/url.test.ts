import { describe, expect, it } from "vitest";
import { PlannerRequestInvalidError } from "./errors.js";
import { apiUrl, describeCall, endpointUrl, flavorSegment } from "./url.js";

const join = (endpoint: string, relative: string) => apiUrl(endpointUrl(endpoint), relative).href;

describe("planner URLs", () => {
  it("keeps an ingress path prefix, with or without a trailing slash", () => {
    expect(join("http://ingress.example/model-planner", "api/v1/flavors/_/pressure?stream=true")).toBe(
      "http://ingress.example/model-planner/api/v1/flavors/_/pressure?stream=true",
    );
    expect(join("http://ingress.example/a/b/", "api/v1/flavors/x")).toBe(
      "http://ingress.example/a/b/api/v1/flavors/x",
    );
    expect(join("http://planner.model:8080", "api/v1/flavors/x")).toBe(
      "http://planner.model:8080/api/v1/flavors/x",
    );
  });

  it("drops a query or fragment from the endpoint", () => {
    expect(join(" https://p.example/pre?x=1#y ", "api/v1/flavors/x")).toBe(
      "https://p.example/pre/api/v1/flavors/x",
    );
  });

  it("refuses what is not an http(s) URL", () => {
    expect(() => endpointUrl("planner:8080")).toThrow(PlannerRequestInvalidError);
    expect(() => endpointUrl("not a url")).toThrow("invalid planner request: the endpoint is not a URL");
    expect(() => endpointUrl("ftp://p.example/")).toThrow(/scheme ftp:/);
  });

  it("encodes a flavor name into one path segment and refuses an empty one", () => {
    expect(flavorSegment("a b/c?")).toBe("a%20b%2Fc%3F");
    expect(flavorSegment("_")).toBe("_");
    expect(() => flavorSegment("")).toThrow(/flavor name is empty/);
  });

  it("names a call without credentials or query", () => {
    const url = apiUrl(endpointUrl("http://user:pw@p.example/pre"), "api/v1/flavors/_/pressure?stream=true");
    expect(describeCall("GET", url)).toBe("GET http://p.example/pre/api/v1/flavors/_/pressure");
  });
});
