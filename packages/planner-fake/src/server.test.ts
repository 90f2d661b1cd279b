import { afterEach, describe, expect, it } from "vitest";
import { startPlannerFake } from "./server.js";
import type { PlannerFake, PlannerFakeOptions } from "./server.js";
import { bearer, openRawStream, rawRequest, sleep } from "./test-support.js";
import type { RawStream } from "./test-support.js";

const TOKEN = "general-token";
const ADMIN = "planner_v0_abcdefghijklmnopqrst";

let fake: PlannerFake | undefined;
const streams: RawStream[] = [];

async function start(options: Partial<PlannerFakeOptions> = {}): Promise<PlannerFake> {
  fake = await startPlannerFake({
    token: TOKEN,
    adminToken: ADMIN,
    flavors: [
      { name: "small", pressure: 2 },
      { name: "large", pressure: 1 },
    ],
    ...options,
  });
  return fake;
}

async function stream(path: string, token = TOKEN): Promise<RawStream> {
  const opened = await openRawStream(fake!.url + path, bearer(token));
  streams.push(opened);
  return opened;
}

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await fake?.close();
  fake = undefined;
});

describe("planner fake: non-streaming routes", () => {
  it("answers /health without auth", async () => {
    const f = await start();
    const answer = await rawRequest(`${f.url}/health`);
    expect([answer.status, answer.headers["content-type"], answer.body]).toEqual([
      200,
      "application/json",
      '{"status":"ok"}\n',
    ]);
  });

  it("answers one flavor's pressure as a one-key map, and _ as every flavor, keys sorted", async () => {
    const f = await start();
    const one = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers: bearer(TOKEN) });
    expect([one.status, one.headers["content-type"], one.headers["cache-control"], one.body]).toEqual([
      200,
      "application/json",
      "no-cache",
      '{"small":2}\n',
    ]);
    const all = await rawRequest(`${f.url}/api/v1/flavors/_/pressure`, { headers: bearer(TOKEN) });
    expect(all.body).toBe('{"large":1,"small":2}\n');
  });

  it("floors the pressure at the flavor's minimum pressure", async () => {
    const f = await start({ flavors: [{ name: "small", pressure: 1, minimumPressure: 3 }] });
    const answer = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers: bearer(TOKEN) });
    expect(answer.body).toBe('{"small":3}\n');
  });

  it("answers 404 flavor not found for an unknown flavor and for a non-github flavor", async () => {
    const f = await start({ flavors: [{ name: "other", platform: "gitlab" }] });
    for (const name of ["nope", "other"]) {
      const answer = await rawRequest(`${f.url}/api/v1/flavors/${name}/pressure?stream=true`, {
        headers: bearer(TOKEN),
      });
      expect([answer.status, answer.headers["content-type"], answer.body]).toEqual([
        404,
        "text/plain; charset=utf-8",
        "flavor not found\n",
      ]);
    }
  });

  it("answers a flavor as the Go struct encodes it, labels lowercased", async () => {
    const f = await start({ flavors: [{ name: "small", labels: ["Small", "X64"], minimumPressure: 2 }] });
    const answer = await rawRequest(`${f.url}/api/v1/flavors/small`, { headers: bearer(TOKEN) });
    expect(answer.body).toBe(
      '{"platform":"github","name":"small","labels":["small","x64"],"priority":50,"is_disabled":false,"minimum_pressure":2}\n',
    );
  });

  it("refuses _ on the flavor route (400) and answers 404 cannot get flavor for an unknown one", async () => {
    const f = await start();
    const all = await rawRequest(`${f.url}/api/v1/flavors/_`, { headers: bearer(TOKEN) });
    expect([all.status, all.body]).toEqual([400, "get all flavors is not supported\n"]);
    const missing = await rawRequest(`${f.url}/api/v1/flavors/nope`, { headers: bearer(TOKEN) });
    expect([missing.status, missing.body]).toEqual([404, "cannot get flavor\n"]);
  });

  it("lists flavors for the admin token only", async () => {
    const f = await start({ flavors: ["b", "a"] });
    const admin = await rawRequest(`${f.url}/api/v1/flavors`, { headers: bearer(ADMIN) });
    expect((JSON.parse(admin.body) as { name: string }[]).map((x) => x.name)).toEqual(["a", "b"]);
    const general = await rawRequest(`${f.url}/api/v1/flavors`, { headers: bearer(TOKEN) });
    expect(general.status).toBe(401);
  });

  it("answers 405 to other methods, 307 to an empty flavor name and 404 to unknown paths", async () => {
    const f = await start();
    const post = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, {
      method: "POST",
      headers: bearer(TOKEN),
    });
    expect([post.status, post.headers.allow, post.body]).toEqual([405, "GET, HEAD", "Method Not Allowed\n"]);
    const empty = await rawRequest(`${f.url}/api/v1/flavors//pressure`, { headers: bearer(TOKEN) });
    expect([empty.status, empty.headers.location]).toEqual([307, "/api/v1/flavors/pressure"]);
    const unknown = await rawRequest(`${f.url}/api/v2/nothing`, { headers: bearer(TOKEN) });
    expect([unknown.status, unknown.body]).toEqual([404, "404 page not found\n"]);
  });
});

describe("planner fake: bearer auth", () => {
  it("answers 400 invalid authorization header to a missing or non-Bearer header", async () => {
    const f = await start();
    const cases: Record<string, string>[] = [
      {},
      { authorization: "Basic abc" },
      { authorization: "Bearer" },
      { authorization: "" },
    ];
    for (const headers of cases) {
      const answer = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers });
      expect([answer.status, answer.body]).toEqual([400, "invalid authorization header\n"]);
    }
  });

  it("answers 401 unauthorized with WWW-Authenticate: Bearer to a wrong token", async () => {
    const f = await start();
    const answer = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers: bearer("wrong") });
    expect([answer.status, answer.headers["www-authenticate"], answer.body]).toEqual([
      401,
      "Bearer",
      "unauthorized\n",
    ]);
  });

  it("takes the scheme case-insensitively and accepts the admin token", async () => {
    const f = await start();
    const lower = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, {
      headers: { authorization: `bearer ${TOKEN}` },
    });
    const admin = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers: bearer(ADMIN) });
    expect([lower.status, admin.status]).toEqual([200, 200]);
  });

  it("refuseAuth answers 401 to every token, keeps open streams, and can be turned off", async () => {
    const f = await start();
    const open = await stream("/api/v1/flavors/small/pressure?stream=true");
    f.refuseAuth(true);
    const refused = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers: bearer(TOKEN) });
    const admin = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers: bearer(ADMIN) });
    expect([refused.status, admin.status]).toEqual([401, 401]);
    f.setPressure("small", 5);
    expect(await open.line(1)).toBe('{"small":5}\n');
    f.refuseAuth(false);
    const again = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers: bearer(TOKEN) });
    expect(again.status).toBe(200);
  });
});

describe("planner fake: the NDJSON stream", () => {
  it("answers 200 application/x-ndjson, chunked, and writes the current line at once", async () => {
    await start();
    const s = await stream("/api/v1/flavors/_/pressure?stream=TRUE");
    expect(s.status).toBe(200);
    expect(s.headers["content-type"]).toBe("application/x-ndjson");
    expect(s.headers["cache-control"]).toBe("no-cache");
    expect(s.headers.connection).toBe("keep-alive");
    expect(s.headers["transfer-encoding"]).toBe("chunked");
    expect(await s.line(0)).toBe('{"large":1,"small":2}\n');
  });

  it("writes a change only when the line differs from the last one sent", async () => {
    const f = await start();
    const s = await stream("/api/v1/flavors/_/pressure?stream=true");
    await s.line(0);
    f.setPressure("small", 2);
    f.setPressure("large", 4);
    expect(await s.line(1)).toBe('{"large":4,"small":2}\n');
    expect(s.text()).toBe('{"large":1,"small":2}\n{"large":4,"small":2}\n');
  });

  it("re-sends the unchanged line as a heartbeat, on the timer and on demand", async () => {
    const f = await start({ heartbeatMs: 40 });
    const s = await stream("/api/v1/flavors/small/pressure?stream=true");
    expect(await s.line(2)).toBe('{"small":2}\n');
    f.heartbeat();
    expect(await s.line(3)).toBe('{"small":2}\n');
  });

  it("a single-flavor stream carries only its flavor", async () => {
    const f = await start();
    const s = await stream("/api/v1/flavors/small/pressure?stream=true");
    f.setPressure("large", 9);
    f.setPressure("small", 3);
    expect(await s.line(1)).toBe('{"small":3}\n');
    expect(s.text()).toBe('{"small":2}\n{"small":3}\n');
  });

  it("writes {} when the stream's flavor is deleted, drops the key from _, and 404s a reconnect", async () => {
    const f = await start();
    const one = await stream("/api/v1/flavors/small/pressure?stream=true");
    const all = await stream("/api/v1/flavors/_/pressure?stream=true");
    f.removeFlavor("small");
    expect(await one.line(1)).toBe("{}\n");
    expect(await all.line(1)).toBe('{"large":1}\n');
    f.heartbeat();
    expect(await one.line(2)).toBe("{}\n");
    const again = await rawRequest(`${f.url}/api/v1/flavors/small/pressure?stream=true`, {
      headers: bearer(TOKEN),
    });
    expect(again.status).toBe(404);
  });

  it("sendEmpty writes {} to every stream; the next change is then always sent", async () => {
    const f = await start();
    const s = await stream("/api/v1/flavors/_/pressure?stream=true");
    f.sendEmpty();
    expect(await s.line(1)).toBe("{}\n");
    f.setPressure("small", 2);
    expect(await s.line(2)).toBe('{"large":1,"small":2}\n');
  });

  it("dropStreams ends streams cleanly by default, or resets them", async () => {
    const f = await start();
    const clean = await stream("/api/v1/flavors/_/pressure?stream=true");
    await clean.line(0);
    f.dropStreams();
    expect(await clean.ended).toBe("end");
    const reset = await stream("/api/v1/flavors/_/pressure?stream=true");
    await reset.line(0);
    f.dropStreams("reset");
    expect(await reset.ended).toBe("error");
    expect(f.state().openStreams).toBe(0);
  });

  it("stallStreams freezes open streams; a new stream is served normally", async () => {
    const f = await start();
    const stalled = await stream("/api/v1/flavors/_/pressure?stream=true");
    await stalled.line(0);
    f.stallStreams();
    f.setPressure("small", 7);
    f.heartbeat();
    const fresh = await stream("/api/v1/flavors/_/pressure?stream=true");
    expect(await fresh.line(0)).toBe('{"large":1,"small":7}\n');
    await sleep(50);
    expect(stalled.text()).toBe('{"large":1,"small":2}\n');
    expect(f.state().openStreams).toBe(2);
  });

  it("escapes flavor names as Go does", async () => {
    const f = await start({ flavors: [{ name: "a<b>&c", pressure: 1 }] });
    const s = await stream("/api/v1/flavors/_/pressure?stream=true");
    expect(await s.line(0)).toBe('{"a\\u003cb\\u003e\\u0026c":1}\n');
    expect(f.state().flavors[0]?.reported).toBe(1);
  });
});

describe("planner fake: path prefix", () => {
  it("serves the API only under the prefix, and the control endpoint at the root", async () => {
    const f = await start({ prefix: "/planner/" });
    expect(f.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/planner$/);
    const inside = await rawRequest(`${f.url}/api/v1/flavors/small/pressure`, { headers: bearer(TOKEN) });
    const outside = await rawRequest(`${f.controlUrl}/api/v1/flavors/small/pressure`, {
      headers: bearer(TOKEN),
    });
    const control = await rawRequest(`${f.controlUrl}/_control/state`, { headers: bearer(TOKEN) });
    expect([inside.status, outside.status, control.status]).toEqual([200, 404, 200]);
  });
});

describe("planner fake: programmatic errors", () => {
  it("refuses a negative or fractional pressure and impossible flavor names", async () => {
    const f = await start();
    expect(() => f.setPressure("small", -1)).toThrow(/non-negative integer/);
    expect(() => f.setPressure("small", 1.5)).toThrow(/non-negative integer/);
    expect(() => f.addFlavor({ name: "_" })).toThrow(/cannot be a flavor name/);
    expect(() => f.removeFlavor("nope")).toThrow(/no flavor "nope"/);
  });

  it("refuses an empty token", async () => {
    await expect(startPlannerFake({ token: "" })).rejects.toThrow(/non-empty token/);
  });

  it("setPressure creates an unknown flavor with the planner's defaults", async () => {
    const f = await start({ flavors: [] });
    f.setPressure("new", 4);
    expect(f.state().flavors).toEqual([
      {
        name: "new",
        platform: "github",
        labels: ["new"],
        priority: 50,
        isDisabled: false,
        minimumPressure: 0,
        pressure: 4,
        reported: 4,
      },
    ]);
  });
});
