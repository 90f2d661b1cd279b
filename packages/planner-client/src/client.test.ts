import { startPlannerFake } from "@garm-charms/planner-fake";
import type { PlannerFake } from "@garm-charms/planner-fake";
import { afterEach, describe, expect, it } from "vitest";
import { PlannerClient } from "./client.js";
import type { PlannerClientOptions } from "./client.js";
import {
  PlannerAuthError,
  PlannerNotFoundError,
  PlannerProtocolError,
  PlannerRequestInvalidError,
  PlannerUnreachableError,
} from "./errors.js";
import { scriptedServer } from "./test-support.js";
import type { ScriptedServer } from "./test-support.js";

const TOKEN = "q0E8mYvZ1k3rT6wXb9pLs2dF5hJ7nC4aG0uV8iO3eR1";
let fake: PlannerFake | undefined;
let scripted: ScriptedServer | undefined;
const clients: PlannerClient[] = [];

async function startFake(prefix?: string): Promise<PlannerFake> {
  fake = await startPlannerFake({
    token: TOKEN,
    prefix,
    flavors: [{ name: "small", labels: ["small", "x64"], minimumPressure: 1, pressure: 2 }, "large"],
  });
  return fake;
}

function client(endpoint: string, options: Partial<PlannerClientOptions> = {}): PlannerClient {
  const made = new PlannerClient({ endpoint, token: TOKEN, ...options });
  clients.push(made);
  return made;
}

/** The error a promise rejects with, for assertions on its type and message. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

afterEach(async () => {
  for (const made of clients.splice(0)) await made.close();
  await fake?.close();
  await scripted?.close();
  fake = undefined;
  scripted = undefined;
});

describe("PlannerClient reads", () => {
  it("gets a flavor", async () => {
    const f = await startFake();
    expect(await client(f.url).getFlavor("small")).toEqual({
      platform: "github",
      name: "small",
      labels: ["small", "x64"],
      priority: 50,
      isDisabled: false,
      minimumPressure: 1,
    });
  });

  it("gets the pressure of every flavor, of one, and one as a number", async () => {
    const f = await startFake();
    const planner = client(f.url);
    expect(Object.fromEntries(await planner.getPressures())).toEqual({ large: 0, small: 2 });
    expect(Object.fromEntries(await planner.getPressures("small"))).toEqual({ small: 2 });
    f.setPressure("small", 6);
    expect(await planner.getPressure("small")).toBe(6);
  });

  it("keeps the endpoint's path prefix, with or without a trailing slash", async () => {
    const f = await startFake("/planner");
    expect(await client(f.url).getPressure("small")).toBe(2);
    expect(await client(`${f.url}/`).getPressure("small")).toBe(2);
  });

  it("refuses _ for a flavor read and an empty flavor name before sending", async () => {
    const f = await startFake();
    const planner = client(f.url);
    await expect(planner.getFlavor("_")).rejects.toThrow(PlannerRequestInvalidError);
    await expect(planner.getPressure("_")).rejects.toThrow(PlannerRequestInvalidError);
    await expect(planner.getPressures("")).rejects.toThrow(/flavor name is empty/);
  });

  it("answers PlannerNotFoundError for an unknown flavor", async () => {
    const f = await startFake();
    const error = await failure(client(f.url).getPressure("nope"));
    expect(error).toBeInstanceOf(PlannerNotFoundError);
    expect(error.message).toBe(
      `planner has no such flavor for GET ${f.url}/api/v1/flavors/nope/pressure (HTTP 404 "flavor not found")`,
    );
    await expect(client(f.url).getFlavor("nope")).rejects.toThrow(PlannerNotFoundError);
  });

  it("answers PlannerAuthError on 401, with a one-line message without the token", async () => {
    const f = await startFake();
    f.refuseAuth(true);
    const error = await failure(client(f.url).getPressures());
    expect(error).toBeInstanceOf(PlannerAuthError);
    expect((error as PlannerAuthError).status).toBe(401);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain("\n");
    expect(error.message).toMatch(/HTTP 401 "unauthorized"\): check the token secret/);
  });

  it("answers PlannerAuthError for a wrong token", async () => {
    const f = await startFake();
    const wrong = new PlannerClient({ endpoint: f.url, token: "wrong-token" });
    clients.push(wrong);
    await expect(wrong.getFlavor("small")).rejects.toThrow(PlannerAuthError);
  });

  it("refuses an empty token or one with spaces or newlines, without quoting it", () => {
    expect(() => new PlannerClient({ endpoint: "http://p", token: "" })).toThrow(PlannerRequestInvalidError);
    for (const token of ["a b", "secret\nInjected: 1"]) {
      const error = (() => {
        try {
          new PlannerClient({ endpoint: "http://p", token });
        } catch (e) {
          return e as Error;
        }
        throw new Error("expected a throw");
      })();
      expect(error.message).toBe(
        "invalid planner request: the token is empty or has characters a bearer token cannot have",
      );
    }
  });

  it("answers PlannerUnreachableError refused when nothing listens", async () => {
    const f = await startFake();
    const url = f.url;
    await f.close();
    fake = undefined;
    const error = await failure(client(url).getPressures());
    expect(error).toBeInstanceOf(PlannerUnreachableError);
    expect((error as PlannerUnreachableError).reason).toBe("refused");
  });
});

describe("PlannerClient reads: answers the fake never gives", () => {
  it("sends the bearer token", async () => {
    scripted = await scriptedServer((_req, res) => res.end('{"small":1}\n'));
    await client(scripted.url).getPressures();
    expect(scripted.authorizations).toEqual([`Bearer ${TOKEN}`]);
  });

  it("answers PlannerUnreachableError server-error on a 5xx, and times out a silent planner", async () => {
    scripted = await scriptedServer((req, res) => {
      if (req.url?.includes("slow") !== true) res.writeHead(500).end("internal server error\n");
    });
    const error = await failure(client(scripted.url).getPressures());
    expect([error.constructor, (error as PlannerUnreachableError).reason]).toEqual([
      PlannerUnreachableError,
      "server-error",
    ]);
    expect(error.message).toMatch(/HTTP 500 "internal server error"$/);
    const slow = await failure(client(scripted.url, { timeoutMs: 200 }).getPressures("slow"));
    expect((slow as PlannerUnreachableError).reason).toBe("timeout");
    expect(slow.message).toMatch(/no answer within 200 ms$/);
  });

  it("answers PlannerProtocolError for an unexpected status, a non-JSON body and a wrong shape", async () => {
    const answers: Record<string, [number, string]> = {
      redirect: [307, ""],
      html: [200, "<html>login</html>"],
      shape: [200, '{"small":"two"}\n'],
      flavor: [200, '{"name":"small"}\n'],
    };
    scripted = await scriptedServer((req, res) => {
      const key = Object.keys(answers).find((k) => req.url?.includes(k)) ?? "redirect";
      const [status, body] = answers[key]!;
      res.writeHead(status).end(body);
    });
    const planner = client(scripted.url);
    expect((await failure(planner.getPressures("redirect"))).message).toMatch(/unexpected HTTP 307$/);
    expect((await failure(planner.getPressures("html"))).message).toMatch(/the body is not JSON$/);
    expect((await failure(planner.getPressures("shape"))).message).toMatch(/"small" has pressure "two"/);
    const flavor = await failure(planner.getFlavor("flavor"));
    expect(flavor).toBeInstanceOf(PlannerProtocolError);
    expect(flavor.message).not.toContain("\n");
  });

  it("never puts the token into a message, even when the planner echoes it", async () => {
    scripted = await scriptedServer((req, res) =>
      res.writeHead(502).end(`bad gateway for ${req.headers.authorization}`),
    );
    const error = await failure(client(scripted.url).getPressures());
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain("[token]");
  });

  it("rethrows the caller's abort reason", async () => {
    scripted = await scriptedServer(() => undefined);
    const controller = new AbortController();
    const pending = client(scripted.url).getPressures("_", { signal: controller.signal });
    controller.abort(new Error("shutting down"));
    await expect(pending).rejects.toThrow("shutting down");
  });
});
