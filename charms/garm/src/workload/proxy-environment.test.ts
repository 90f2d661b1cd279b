import { describe, it, expect } from "vitest";
import { proxyEnvironmentFromJuju } from "./proxy-environment.js";

describe("proxyEnvironmentFromJuju", () => {
  it("sets both spellings of every proxy variable Juju gives, sorted by name", () => {
    const env = proxyEnvironmentFromJuju({
      JUJU_CHARM_HTTP_PROXY: "http://squid.internal:3128",
      JUJU_CHARM_HTTPS_PROXY: " http://squid.internal:3128 ",
      JUJU_CHARM_NO_PROXY: "127.0.0.1,localhost,.svc",
      HTTP_PROXY: "http://ignored:1",
    });
    expect(env).toEqual({
      HTTPS_PROXY: "http://squid.internal:3128",
      HTTP_PROXY: "http://squid.internal:3128",
      NO_PROXY: "127.0.0.1,localhost,.svc",
      http_proxy: "http://squid.internal:3128",
      https_proxy: "http://squid.internal:3128",
      no_proxy: "127.0.0.1,localhost,.svc",
    });
    expect(Object.keys(env)).toEqual([
      "HTTPS_PROXY",
      "HTTP_PROXY",
      "NO_PROXY",
      "http_proxy",
      "https_proxy",
      "no_proxy",
    ]);
  });

  it("drops unset, empty and blank values", () => {
    expect(proxyEnvironmentFromJuju({})).toEqual({});
    expect(
      proxyEnvironmentFromJuju({
        JUJU_CHARM_HTTP_PROXY: "",
        JUJU_CHARM_HTTPS_PROXY: "   ",
        JUJU_CHARM_NO_PROXY: undefined,
      }),
    ).toEqual({});
  });
});
