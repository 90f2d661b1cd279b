/**
 * GARM bootstrap through the harness against the GARM fake: first-run once (leader only), login,
 * controller URLs before any other call and following ingress, and the statuses for a GARM that
 * is down, refuses, or still gates on its URLs.
 */
import { startGarmFake, type GarmFake } from "@garm-charms/garm-fake";
import { events, getSecret, relation, type RelationState, type State } from "@garm-charms/charm-testing";
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, charmOptions, GARM_PROVIDERS, garmContext, readyState } from "./fixtures.js";

let fakes: GarmFake[] = [];

async function fake(options: Parameters<typeof startGarmFake>[0] = {}): Promise<GarmFake> {
  const started = await startGarmFake({ providers: GARM_PROVIDERS, ...options });
  fakes.push(started);
  return started;
}

afterEach(async () => {
  for (const started of fakes) await started.close();
  fakes = [];
});

const SERVICE_URLS = {
  metadata_url: "http://garm.garm-model:8080/api/v1/metadata",
  callback_url: "http://garm.garm-model:8080/api/v1/callbacks",
  webhook_url: "http://garm.garm-model:8080/webhooks",
};

const calls = (garm: GarmFake, method: string, path: string) =>
  garm.requests.filter((r) => r.method === method && r.path === `/api/v1${path}`);

function ingressRelation(url: string): RelationState {
  return relation({
    endpoint: "ingress",
    id: 30,
    remoteAppName: "traefik",
    remoteAppData: { ingress: JSON.stringify({ url }) },
  });
}

function withRelation(input: State, added: RelationState): State {
  return { ...input, relations: [...input.relations.filter((r) => r.id !== added.id), added] };
}

describe("GARM bootstrap", () => {
  it("runs first-run exactly once across repeated hooks, with the stored credentials", async () => {
    const garm = await fake();
    const ctx = await garmContext(charmOptions(garm.url));
    const first = await ctx.run(events.install(), readyState());
    const second = await ctx.run(events.updateStatus(), first);
    await ctx.run(events.configChanged(), second);

    const firstRuns = calls(garm, "POST", "/first-run");
    expect(firstRuns).toHaveLength(1);
    expect(firstRuns[0]?.body).toEqual({
      username: "admin",
      email: "admin@garm.local",
      full_name: "GARM Admin",
      password: "<redacted>",
    });
    expect(garm.snapshot().initialised).toBe(true);
    expect(second.unitStatus).toEqual({ name: "active", message: "" });
    expect(second.appStatus).toEqual({ name: "active", message: "" });
    // The readiness probe logs in on every hook; the first hook's probe met the init gate (409).
    expect(calls(garm, "POST", "/auth/login").map((r) => r.status)).toEqual([409, 200, 200, 200]);
  });

  it("treats an initialised GARM as initialised: its probe logs in, and no first-run follows", async () => {
    const garm = await fake({ initialised: { username: "admin", password: ADMIN_PASSWORD } });
    const ctx = await garmContext(charmOptions(garm.url));
    const configured = await ctx.run(events.install(), readyState());
    expect(calls(garm, "POST", "/first-run")).toEqual([]);
    garm.clearRequests();

    const out = await ctx.run(events.updateStatus(), configured);
    expect(garm.requests[0]).toMatchObject({ method: "POST", path: "/api/v1/auth/login", status: 200 });
    expect(calls(garm, "POST", "/first-run")).toEqual([]);
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("noise in GARM's log: no hook draws a 401 from GARM, from a fresh GARM to a quiet pass, on any unit", async () => {
    const garm = await fake();
    const leader = await garmContext(charmOptions(garm.url), 0);
    const follower = await garmContext(charmOptions(garm.url), 1);
    const followerState = readyState({ leader: false });
    let followed = await follower.run(events.configChanged(), followerState);
    let led = await leader.run(events.install(), readyState());
    for (const event of [events.updateStatus(), events.configChanged()]) {
      led = await leader.run(event, led);
      followed = await follower.run(event, followed);
    }
    expect(led.unitStatus).toEqual({ name: "active", message: "" });
    expect(followed.unitStatus).toEqual({ name: "active", message: "" });
    // GARM logs an ERROR line for each 401 it answers.
    expect(garm.requests.filter((r) => r.status === 401)).toEqual([]);
  });

  it("accepts a 409 'already initialized' from first-run (another unit got there first)", async () => {
    const garm = await fake({ initialised: { username: "admin", password: ADMIN_PASSWORD } });
    // The probe still saw the init gate; by the time first-run lands GARM is initialised.
    garm.injectFault({
      method: "GET",
      path: "/api/v1/controller-info",
      times: 1,
      fault: { kind: "status", status: 409, body: { error: "init_required", details: "Missing superuser" } },
    });
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.install(), readyState());
    expect(calls(garm, "POST", "/first-run").map((r) => r.status)).toEqual([409]);
    expect(calls(garm, "POST", "/auth/login").map((r) => r.status)).toEqual([200]);
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("does not run first-run again when leadership moves to a second unit", async () => {
    const garm = await fake();
    const first = await garmContext(charmOptions(garm.url), 0);
    await first.run(events.install(), readyState());
    expect(calls(garm, "POST", "/first-run")).toHaveLength(1);

    const second = await garmContext(charmOptions(garm.url), 1);
    const out = await second.run(events.leaderElected(), readyState());
    expect(calls(garm, "POST", "/first-run")).toHaveLength(1);
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    expect(out.appStatus).toEqual({ name: "active", message: "" });
  });

  it("initialises GARM with the credentials it generated itself on install", async () => {
    const garm = await fake();
    const ctx = await garmContext(charmOptions(garm.url));
    const input = readyState();
    const out = await ctx.run(events.install(), {
      ...input,
      secrets: input.secrets.filter((s) => s.owner !== "app"),
    });
    // GARM's first-run refuses weak passwords; the generated one passed it.
    expect(calls(garm, "POST", "/first-run").map((r) => r.status)).toEqual([200]);
    expect(out.unitStatus).toEqual({ name: "active", message: "" });
    const generated = getSecret(out, { label: "garm-admin-credentials" })?.revisions[0]?.content;
    expect(generated?.["password"]).toHaveLength(24);
    expect(garm.snapshot().initialised).toBe(true);
  });

  it("never runs first-run on a non-leader unit", async () => {
    const garm = await fake();
    const follower = await garmContext(charmOptions(garm.url), 1);
    const waiting = await follower.run(events.configChanged(), readyState({ leader: false }));
    expect(waiting.unitStatus).toEqual({
      name: "waiting",
      message: "Waiting for the leader to initialise GARM",
    });
    expect(calls(garm, "POST", "/first-run")).toEqual([]);

    const leader = await garmContext(charmOptions(garm.url), 0);
    await leader.run(events.leaderElected(), readyState());
    expect(calls(garm, "POST", "/first-run")).toHaveLength(1);
    garm.clearRequests();
    const ready = await follower.run(events.updateStatus(), waiting);
    expect(ready.unitStatus).toEqual({ name: "active", message: "" });
    // The follower only probes; the leader alone writes to GARM.
    expect(garm.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/auth/login",
      "GET /api/v1/controller-info",
    ]);
    expect(garm.snapshot().initialised).toBe(true);
  });

  it("sets the controller URLs before any other GARM call", async () => {
    const garm = await fake();
    const ctx = await garmContext(charmOptions(garm.url));
    await ctx.run(events.install(), readyState());

    const seen = garm.requests.map((r) => `${r.method} ${r.path} ${String(r.status)}`);
    expect(seen.slice(0, 6)).toEqual([
      "POST /api/v1/auth/login 409",
      "POST /api/v1/first-run 200",
      "POST /api/v1/auth/login 200",
      "GET /api/v1/controller 200",
      "PUT /api/v1/controller 200",
      "GET /api/v1/controller-info 200",
    ]);
    expect(calls(garm, "PUT", "/controller")[0]?.body).toEqual(SERVICE_URLS);
    // Then the object reconcile, every call of it answered (no 409 urls_required).
    expect(seen).toContain("GET /api/v1/providers 200");
    expect(seen.slice(6).every((line) => / 20\d$/.test(line))).toBe(true);
    expect(garm.snapshot().scaleSets.map((s) => s.name)).toEqual(["scaleset-garm-configurator-0"]);
  });

  it("follows an ingress change and writes the URLs only when they differ", async () => {
    const garm = await fake();
    const ctx = await garmContext(charmOptions(garm.url));
    const first = await ctx.run(events.install(), readyState());
    expect(garm.snapshot().controller.metadataUrl).toBe(SERVICE_URLS.metadata_url);

    const ingress = ingressRelation("http://ingress.example.com/garm-model-garm/");
    const routed = await ctx.run(events.relationChanged(ingress), withRelation(first, ingress));
    expect(garm.snapshot().controller).toMatchObject({
      metadataUrl: "http://ingress.example.com/garm-model-garm/api/v1/metadata",
      callbackUrl: "http://ingress.example.com/garm-model-garm/api/v1/callbacks",
      webhookUrl: "http://ingress.example.com/garm-model-garm/webhooks",
    });

    garm.clearRequests();
    const again = await ctx.run(events.updateStatus(), routed);
    expect(calls(garm, "PUT", "/controller")).toEqual([]);
    expect(again.unitStatus).toEqual({ name: "active", message: "" });

    const moved = ingressRelation("https://garm.example.org/");
    await ctx.run(events.relationChanged(moved), withRelation(again, moved));
    expect(garm.snapshot().controller.callbackUrl).toBe("https://garm.example.org/api/v1/callbacks");

    const gone = await ctx.run(events.relationBroken(moved), withRelation(again, moved));
    expect(garm.snapshot().controller.webhookUrl).toBe(SERVICE_URLS.webhook_url);
    expect(gone.unitStatus.name).toBe("active");
  });

  it("reports GARM still gating on its URLs (409 urls_required) without failing the hook", async () => {
    const garm = await fake({ initialised: { username: "admin", password: ADMIN_PASSWORD } });
    garm.injectFault({
      method: "GET",
      path: "/api/v1/controller-info",
      times: 2,
      fault: {
        kind: "status",
        status: 409,
        body: { error: "urls_required", details: "Missing required URLs." },
      },
    });
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.updateStatus(), readyState());
    expect(out.unitStatus).toEqual({
      name: "waiting",
      message: "GARM sync failed: GARM still requires its controller URLs (409 urls_required)",
    });
    expect(out.appStatus).toEqual(out.unitStatus);
    expect(calls(garm, "POST", "/first-run")).toEqual([]);
  });

  it("tells a non-leader to wait while the leader has not set the URLs", async () => {
    const garm = await fake({ initialised: { username: "admin", password: ADMIN_PASSWORD } });
    const ctx = await garmContext(charmOptions(garm.url), 1);
    const out = await ctx.run(events.updateStatus(), readyState({ leader: false }));
    expect(out.unitStatus).toEqual({
      name: "waiting",
      message: "Waiting for the leader to set GARM's controller URLs",
    });
    // Its probe logs in; nothing else but reads.
    expect(garm.requests.every((r) => r.method === "GET" || r.path === "/api/v1/auth/login")).toBe(true);
    expect(calls(garm, "PUT", "/controller")).toEqual([]);
  });

  it("waits when GARM does not answer, and keeps the workload configured", async () => {
    const garm = await fake();
    const url = garm.url;
    await garm.close();
    fakes = [];
    const ctx = await garmContext(charmOptions(url));
    const out = await ctx.run(events.pebbleReady("garm"), readyState());
    expect(out.unitStatus).toEqual({ name: "waiting", message: "Waiting for GARM to become ready" });
    expect(out.containers[0]?.serviceStatuses["garm"]).toBe("active");
    expect(ctx.jujuLog.some((line) => line.message.startsWith("GARM is not answering yet"))).toBe(true);
  });

  it("reports a GARM that fails a bootstrap call as a sync failure", async () => {
    const garm = await fake({ initialised: { username: "admin", password: ADMIN_PASSWORD } });
    garm.injectFault({
      method: "POST",
      path: "/api/v1/auth/login",
      times: 1,
      fault: { kind: "status", status: 401 },
    });
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.updateStatus(), readyState());
    expect(out.unitStatus).toEqual({
      name: "waiting",
      message: "GARM sync failed: GARM refused the admin credentials (401 on login)",
    });
    const recovered = await ctx.run(events.updateStatus(), out);
    expect(recovered.unitStatus).toEqual({ name: "active", message: "" });
  });

  it("ends a hook whose object reconcile cannot read GARM on a waiting status with the reason", async () => {
    const garm = await fake();
    garm.injectFault({
      method: "GET",
      path: "/api/v1/providers",
      times: 3,
      fault: { kind: "status", status: 400 },
    });
    const ctx = await garmContext(charmOptions(garm.url));
    const out = await ctx.run(events.updateStatus(), readyState());
    expect(out.unitStatus.name).toBe("waiting");
    expect(out.unitStatus.message).toContain(
      "GARM rejected GET /api/v1/providers with HTTP 400 (Bad Request)",
    );
  });
});
