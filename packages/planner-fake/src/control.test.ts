import { afterEach, describe, expect, it } from "vitest";
import { PlannerFakeError } from "./errors.js";
import { connectPlannerFake } from "./remote.js";
import { startPlannerFake } from "./server.js";
import type { PlannerFake } from "./server.js";
import { bearer, openRawStream, rawRequest } from "./test-support.js";
import type { RawStream } from "./test-support.js";

const TOKEN = "general-token";
let fake: PlannerFake | undefined;
const streams: RawStream[] = [];

async function setup(prefix?: string) {
  fake = await startPlannerFake({ token: TOKEN, flavors: [{ name: "small", pressure: 1 }], prefix });
  const remote = connectPlannerFake({ url: fake.controlUrl, token: TOKEN });
  const stream = await openRawStream(`${fake.url}/api/v1/flavors/_/pressure?stream=true`, bearer(TOKEN));
  streams.push(stream);
  await stream.line(0);
  return { fake, remote, stream };
}

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await fake?.close();
  fake = undefined;
});

describe("planner fake control endpoint", () => {
  it("sets pressure, adds and removes flavors, and reports the state", async () => {
    const { remote, stream } = await setup();
    const afterSet = await remote.setPressure("small", 3);
    expect(afterSet.flavors.map((f) => [f.name, f.reported])).toEqual([["small", 3]]);
    expect(await stream.line(1)).toBe('{"small":3}\n');
    await remote.addFlavor({ name: "large", minimumPressure: 2 });
    expect(await stream.line(2)).toBe('{"large":2,"small":3}\n');
    await remote.removeFlavor("small");
    expect(await stream.line(3)).toBe('{"large":2}\n');
    const state = await remote.state();
    expect([state.openStreams, state.refusingAuth, state.flavors.length]).toEqual([1, false, 1]);
  });

  it("sends {} and heartbeats", async () => {
    const { remote, stream } = await setup();
    await remote.sendEmpty();
    expect(await stream.line(1)).toBe("{}\n");
    await remote.heartbeat();
    expect(await stream.line(2)).toBe('{"small":1}\n');
  });

  it("drops streams (clean end, or reset)", async () => {
    const { fake, remote, stream } = await setup();
    expect((await remote.dropStreams()).openStreams).toBe(0);
    expect(await stream.ended).toBe("end");
    const second = await openRawStream(`${fake.url}/api/v1/flavors/_/pressure?stream=true`, bearer(TOKEN));
    streams.push(second);
    await second.line(0);
    await remote.dropStreams("reset");
    expect(await second.ended).toBe("error");
  });

  it("stalls streams", async () => {
    const { remote, stream } = await setup();
    await remote.stallStreams();
    await remote.setPressure("small", 8);
    await remote.heartbeat();
    expect(stream.text()).toBe('{"small":1}\n');
  });

  it("turns 401 on and off, and keeps answering control calls meanwhile", async () => {
    const { fake, remote } = await setup();
    expect((await remote.refuseAuth(true)).refusingAuth).toBe(true);
    const refused = await rawRequest(`${fake.url}/api/v1/flavors/small`, { headers: bearer(TOKEN) });
    expect(refused.status).toBe(401);
    expect((await remote.refuseAuth(false)).refusingAuth).toBe(false);
  });

  it("works the same when the API is under a prefix", async () => {
    const { remote, stream } = await setup("planner");
    await remote.setPressure("small", 2);
    expect(await stream.line(1)).toBe('{"small":2}\n');
  });

  it("rejects a wrong token, a bad body and an unknown operation with a one-line error", async () => {
    const { fake, remote } = await setup();
    const stranger = connectPlannerFake({ url: fake.controlUrl, token: "wrong" });
    await expect(stranger.state()).rejects.toThrow(/HTTP 401 \(unauthorized\)/);
    await expect(remote.setPressure("small", -2)).rejects.toThrow(PlannerFakeError);
    await expect(remote.setPressure("small", -2)).rejects.toThrow(/HTTP 400 .*pressure/);
    await expect(remote.removeFlavor("nope")).rejects.toThrow(
      /HTTP 400 \(the planner fake has no flavor "nope"\)/,
    );
    const unknown = await rawRequest(`${fake.controlUrl}/_control/explode`, {
      method: "POST",
      headers: bearer(TOKEN),
    });
    expect(unknown.status).toBe(404);
    const notJson = await rawRequest(`${fake.controlUrl}/_control/pressure`, {
      method: "POST",
      headers: bearer(TOKEN),
      body: "{oops",
    });
    expect([notJson.status, JSON.parse(notJson.body)]).toEqual([400, { error: "the body is not JSON" }]);
  });
});
