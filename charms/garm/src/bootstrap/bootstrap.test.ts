/**
 * Bootstrap judges GARM's failures by the charm's one error policy (../garm-failure.ts), not by
 * a list of its own: a bug propagates, an operator-fixable refusal blocks, the rest waits.
 */
import { GarmClient, GarmRequestInvalidError } from "@garm-charms/garm-client";
import { describe, expect, it, vi } from "vitest";
import { bootstrapGarm, type BootstrapInput } from "./bootstrap.js";

const ADMIN = { username: "admin", password: "pw", email: "admin@garm.local", "full-name": "GARM Admin" };
const URLS = {
  metadataUrl: "http://garm.example:8080/api/v1/metadata",
  callbackUrl: "http://garm.example:8080/api/v1/callbacks",
  webhookUrl: "http://garm.example:8080/webhooks",
};

function input(client: GarmClient): BootstrapInput {
  return {
    client,
    isLeader: true,
    admin: ADMIN,
    controllerUrls: URLS,
    timings: { readyTimeoutMs: 10, readyIntervalMs: 5 },
    log: () => Promise.resolve(),
  };
}

/** A client whose readiness probe ends with `error` (no request reaches any server). */
function probeFailingWith(error: Error): GarmClient {
  const client = new GarmClient({ baseUrl: "http://127.0.0.1:9", timeoutMs: 50 });
  vi.spyOn(client, "waitUntilReady").mockRejectedValue(error);
  return client;
}

describe("bootstrap uses the one GARM error policy", () => {
  it("a bug in bootstrap propagates instead of becoming a 'GARM sync failed' status", async () => {
    const client = probeFailingWith(new TypeError("cannot read properties of undefined"));
    await expect(bootstrapGarm(input(client))).rejects.toThrow(TypeError);
  });

  it("a request the client refuses to send is the operator's to fix (blocked), not a wait", async () => {
    const client = probeFailingWith(new GarmRequestInvalidError("controller URL is not http(s)"));
    await expect(bootstrapGarm(input(client))).resolves.toEqual({
      kind: "failed",
      reason: "controller URL is not http(s)",
      severity: "blocked",
    });
  });
});
