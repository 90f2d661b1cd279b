/** The real PebbleClient against the fake, over a real unix socket. */
import { request as httpRequest } from "node:http";
import {
  PebbleApiError,
  PebbleChangeError,
  PebbleChangeNotFoundError,
  PebbleClient,
  PebbleConnectionError,
  PebblePathError,
} from "@garm-charms/charm-runtime/pebble";
import { afterEach, describe, expect, it } from "vitest";
import type { ContainerState } from "../state.js";
import type { FakePebble } from "./fake-pebble.js";
import { startFakePebble } from "./fake-pebble.js";

const base: ContainerState = {
  name: "garm",
  canConnect: true,
  layers: {},
  serviceStatuses: {},
  files: {},
};

const garmLayer = {
  summary: "garm",
  services: {
    garm: {
      override: "replace",
      command: "/bin/garm -config /etc/garm/config.toml",
      startup: "enabled",
      environment: { A: "1" },
    },
  },
};

const open: { fake: FakePebble; client: PebbleClient }[] = [];
afterEach(async () => {
  for (const { fake, client } of open.splice(0)) {
    await client.close();
    await fake.close();
  }
});

async function start(
  state: Partial<ContainerState> = {},
): Promise<{ fake: FakePebble; client: PebbleClient }> {
  const fake = await startFakePebble({ ...base, ...state });
  const client = new PebbleClient({ socketPath: fake.socketPath, timeoutMs: 2_000 });
  const pair = { fake, client };
  open.push(pair);
  return pair;
}

/** A request the client would never send, to check the fake's own validation. */
function raw(
  socketPath: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown,
        });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("fake Pebble: connection", () => {
  it("does not listen when the container cannot connect", async () => {
    const { fake, client } = await start({ canConnect: false });
    expect(await client.canConnect()).toBe(false);
    await expect(client.getServices()).rejects.toBeInstanceOf(PebbleConnectionError);
    expect(fake.snapshot().canConnect).toBe(false);
  });

  it("snapshots an untouched container as it was given (file content as bytes)", async () => {
    const initial: ContainerState = {
      ...base,
      layers: { garm: garmLayer },
      serviceStatuses: { garm: "active" },
      files: { "/etc/garm/config.toml": { content: "x", permissions: "600", user: "garm", group: "garm" } },
    };
    const { fake, client } = await start(initial);
    await client.getPlan();
    expect(fake.snapshot()).toEqual({
      ...initial,
      files: {
        "/etc/garm/config.toml": {
          ...initial.files["/etc/garm/config.toml"],
          content: new TextEncoder().encode("x"),
        },
      },
    });
    expect(fake.requests).toEqual([{ method: "GET", path: "/v1/plan", query: "format=yaml" }]);
  });

  it("answers system-info", async () => {
    const { client } = await start();
    expect(await client.canConnect()).toBe(true);
    expect((await client.systemInfo()).version).toMatch(/^v1\./);
  });

  it("answers unknown endpoints with a 404 error envelope", async () => {
    const { fake } = await start();
    const answer = await raw(fake.socketPath, "GET", "/v1/nope", {});
    expect(answer).toEqual({
      status: 404,
      json: {
        type: "error",
        "status-code": 404,
        status: "Not Found",
        result: { message: "invalid API endpoint requested" },
      },
    });
  });
});

describe("fake Pebble: layers and plan", () => {
  it("adds a layer and serves the combined plan as YAML", async () => {
    const { client, fake } = await start();
    await client.addLayer("garm", garmLayer, { combine: true });
    const plan = await client.getPlan();
    expect(plan.services["garm"]).toMatchObject({
      command: "/bin/garm -config /etc/garm/config.toml",
      startup: "enabled",
    });
    expect(plan.checks).toEqual({});
    expect(fake.snapshot().layers).toEqual({ garm: garmLayer });
  });

  it("rejects a second layer with the same label unless combining", async () => {
    const { client } = await start({ layers: { garm: garmLayer } });
    const failure = await client.addLayer("garm", garmLayer).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebbleApiError);
    expect(failure).toMatchObject({ statusCode: 400, apiMessage: 'layer "garm" already exists' });
  });

  it("merges with override: merge (maps merged, lists appended) and replaces with override: replace", async () => {
    const { client, fake } = await start({
      layers: { garm: { services: { garm: { ...garmLayer.services.garm, after: ["db"] } } } },
    });
    await client.addLayer(
      "garm",
      { services: { garm: { override: "merge", environment: { B: "2" }, after: ["proxy"] } } },
      { combine: true },
    );
    await client.addLayer("extra", { services: { side: { override: "replace", command: "side" } } });
    const plan = await client.getPlan();
    expect(plan.services["garm"]).toMatchObject({ environment: { A: "1", B: "2" }, after: ["db", "proxy"] });
    expect(Object.keys(fake.snapshot().layers)).toEqual(["garm", "extra"]);
    await client.addLayer(
      "garm",
      { services: { garm: { override: "replace", command: "other" } } },
      { combine: true },
    );
    expect((await client.getPlan()).services["garm"]).toEqual({ override: "replace", command: "other" });
  });

  it("answers 400 for a layer without override and for a plan without command", async () => {
    const { fake, client } = await start();
    const noOverride = await raw(
      fake.socketPath,
      "POST",
      "/v1/layers",
      { "Content-Type": "application/json" },
      JSON.stringify({
        action: "add",
        label: "x",
        format: "yaml",
        layer: "services:\n  web:\n    command: web\n",
      }),
    );
    expect(noOverride.status).toBe(400);
    expect(noOverride.json).toMatchObject({
      result: { message: 'layer "x" must define "override" for service "web"' },
    });
    const noCommand = await client
      .addLayer("x", { services: { web: { override: "merge" } } })
      .catch((e: unknown) => e);
    expect(noCommand).toMatchObject({
      statusCode: 400,
      apiMessage: 'plan must define "command" for service "web"',
    });
    expect(fake.snapshot().layers).toEqual({});
  });
});

describe("fake Pebble: services and changes", () => {
  it("replan starts enabled services, restarts only changed ones, and is a no-op when nothing changed", async () => {
    const { client, fake } = await start({ layers: { garm: garmLayer } });
    const first = await client.replan();
    expect(first.tasks.map((t) => t.summary)).toEqual(['Start service "garm"']);
    expect(await client.getServices()).toEqual([
      { name: "garm", startup: "enabled", current: "active", currentSince: undefined },
    ]);

    const second = await client.replan();
    expect(second.tasks).toEqual([]);

    await client.addLayer(
      "garm",
      { services: { garm: { override: "merge", environment: { A: "2" } } } },
      { combine: true },
    );
    const third = await client.replan();
    expect(third.tasks.map((t) => t.kind)).toEqual(["stop", "start"]);
    expect(fake.requests.filter((r) => r.path === "/v1/services" && r.action === "replan")).toHaveLength(3);
    expect(fake.snapshot().serviceStatuses).toEqual({ garm: "active" });
  });

  it("treats services running at the start as started with the current plan", async () => {
    const { client } = await start({ layers: { garm: garmLayer }, serviceStatuses: { garm: "active" } });
    expect((await client.replan()).tasks).toEqual([]);
  });

  it("starts, stops and restarts named services", async () => {
    const { client, fake } = await start({ layers: { garm: garmLayer } });
    const started = await client.startServices(["garm"]);
    expect(started).toMatchObject({ kind: "start", status: "Done", ready: true });
    expect(await client.getChange(started.id)).toEqual(started);
    await client.stopServices(["garm"]);
    expect(fake.snapshot().serviceStatuses).toEqual({ garm: "inactive" });
    await client.restartServices(["garm"]);
    expect((await client.getServices(["garm"]))[0]?.current).toBe("active");
    await expect(client.startServices(["nope"])).rejects.toMatchObject({ statusCode: 400 });
  });

  it("fails the change with the service's start error", async () => {
    const { client, fake } = await start({
      layers: { garm: garmLayer },
      serviceStartErrors: { garm: "exited quickly with code 1" },
    });
    const failure = await client.replan().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebbleChangeError);
    expect((failure as PebbleChangeError).err).toBe(
      'cannot perform the following tasks:\n- Start service "garm" (cannot start service: exited quickly with code 1)',
    );
    expect(fake.snapshot().serviceStatuses).toEqual({ garm: "error" });
  });

  it("autostart without enabled services is a 400 no-default-services", async () => {
    const { client } = await start({
      layers: { x: { services: { x: { override: "replace", command: "x" } } } },
    });
    const failure = await client.autostart().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PebbleApiError);
    expect(failure).toMatchObject({ statusCode: 400, kind: "no-default-services" });
  });

  it("reports an unknown change id", async () => {
    const { client } = await start();
    await expect(client.waitChange("404")).rejects.toBeInstanceOf(PebbleChangeNotFoundError);
  });
});

describe("fake Pebble: files", () => {
  const allBytes = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));

  it("round-trips binary content with permissions and ownership", async () => {
    const { client, fake } = await start();
    await client.push("/etc/garm/key.bin", allBytes, {
      permissions: 0o600,
      user: "garm",
      group: "garm",
      makeDirs: true,
    });
    expect(await client.pull("/etc/garm/key.bin", { encoding: null })).toEqual(allBytes);
    const snapshot = fake.snapshot();
    expect(snapshot.files["/etc/garm/key.bin"]).toEqual({
      content: allBytes,
      permissions: "600",
      user: "garm",
      group: "garm",
    });
    expect(snapshot.dirs).toEqual(["/etc", "/etc/garm"]);
    const [info] = await client.listFiles("/etc/garm/key.bin");
    expect(info).toMatchObject({
      name: "key.bin",
      type: "file",
      size: 256,
      permissions: 0o600,
      user: "garm",
    });
  });

  it("pushes text with the default 644 and pulls it back as a string", async () => {
    const { client, fake } = await start({ dirs: ["/etc/garm"] });
    await client.push("/etc/garm/config.toml", "[default]\nx = 1\n");
    expect(await client.pull("/etc/garm/config.toml")).toBe("[default]\nx = 1\n");
    expect(fake.snapshot().files["/etc/garm/config.toml"]?.permissions).toBe("644");
  });

  it("handles quotes and backslashes in file names", async () => {
    const { client } = await start({ dirs: ["/tmp"] });
    const path = '/tmp/a "quoted" \\ name';
    await client.push(path, "x");
    expect(await client.pull(path)).toBe("x");
  });

  it("reports per-path errors for a missing parent and a missing file", async () => {
    const { client } = await start();
    const push = await client.push("/missing/dir/file", "x").catch((e: unknown) => e);
    expect(push).toBeInstanceOf(PebblePathError);
    expect(push).toMatchObject({ kind: "not-found", path: "/missing/dir/file" });
    const pull = await client.pull("/nothing").catch((e: unknown) => e);
    expect(pull).toMatchObject({ kind: "not-found", path: "/nothing" });
  });

  it("lists directories with a pattern, lists itself, and answers exists", async () => {
    const { client } = await start({
      files: {
        "/etc/garm/config.toml": { content: "a", permissions: "600" },
        "/etc/garm/other.yaml": { content: "b", permissions: "644" },
        "/etc/garm/sub/x": { content: "c", permissions: "644" },
      },
    });
    expect((await client.listFiles("/etc/garm")).map((f) => [f.name, f.type])).toEqual([
      ["config.toml", "file"],
      ["other.yaml", "file"],
      ["sub", "directory"],
    ]);
    expect((await client.listFiles("/etc/garm", { pattern: "*.toml" })).map((f) => f.path)).toEqual([
      "/etc/garm/config.toml",
    ]);
    expect(await client.listFiles("/etc/garm", { itself: true })).toMatchObject([
      { path: "/etc/garm", type: "directory" },
    ]);
    await expect(client.listFiles("/nope")).rejects.toMatchObject({ statusCode: 404, kind: "not-found" });
    expect(await client.exists("/etc/garm/sub")).toBe(true);
    expect(await client.exists("/etc/garm/nope")).toBe(false);
  });

  it("makes directories and removes paths", async () => {
    const { client, fake } = await start();
    await expect(client.makeDir("/a/b")).rejects.toMatchObject({ kind: "not-found" });
    await client.makeDir("/a/b", { makeParents: true, permissions: 0o700 });
    expect((await client.listFiles("/a/b", { itself: true }))[0]?.permissions).toBe(0o700);
    await expect(client.makeDir("/a/b")).rejects.toMatchObject({ kind: "generic-file-error" });
    await client.push("/a/b/f", "x");
    await expect(client.removePath("/a")).rejects.toMatchObject({ kind: "generic-file-error" });
    await client.removePath("/a", { recursive: true });
    expect(fake.snapshot().files).toEqual({});
    expect(fake.snapshot().dirs ?? []).toEqual([]);
    await expect(client.removePath("/a")).rejects.toMatchObject({ kind: "not-found" });
  });

  it("enforces Pebble's request rules for pull and push", async () => {
    const { fake } = await start({ files: { "/f": { content: "x", permissions: "644" } } });
    const noAccept = await raw(fake.socketPath, "GET", "/v1/files?action=read&path=/f", { Accept: "*/*" });
    expect(noAccept).toMatchObject({
      status: 400,
      json: { result: { message: "must accept multipart/form-data" } },
    });

    const short = "shortboundary";
    const shortBody = `--${short}\r\nContent-Disposition: form-data; name="request"\r\n\r\n{}\r\n--${short}--\r\n`;
    const shortAnswer = await raw(
      fake.socketPath,
      "POST",
      "/v1/files",
      { "Content-Type": `multipart/form-data; boundary=${short}` },
      shortBody,
    );
    expect(shortAnswer.status).toBe(400);

    const boundary = "b".repeat(32);
    const request = JSON.stringify({ action: "write", files: [{ path: "/a", permissions: "0644" }] });
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="request"\r\n\r\n${request}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="/a"\r\n\r\nx\r\n--${boundary}--\r\n`;
    const answer = await raw(
      fake.socketPath,
      "POST",
      "/v1/files",
      { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body,
    );
    expect(answer).toMatchObject({
      status: 200,
      json: { result: [{ path: "/a", error: { kind: "generic-file-error" } }] },
    });

    const orphan = body.replace('filename="/a"', 'filename="/b"');
    const orphanAnswer = await raw(
      fake.socketPath,
      "POST",
      "/v1/files",
      { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      orphan,
    );
    expect(orphanAnswer).toMatchObject({
      status: 400,
      json: { result: { message: 'no metadata for path "/b"' } },
    });
  });
});

describe("fake Pebble: checks and notices", () => {
  it("filters checks by level and name", async () => {
    const { client } = await start({
      checks: [
        { name: "alive", level: "alive", status: "up", failures: 0, threshold: 3 },
        { name: "ready", level: "ready", status: "down", failures: 3, threshold: 3 },
      ],
    });
    expect((await client.getChecks()).map((c) => c.name)).toEqual(["alive", "ready"]);
    expect(await client.getChecks({ level: "ready" })).toMatchObject([
      { name: "ready", status: "down", failures: 3 },
    ]);
    expect((await client.getChecks({ names: ["alive"] })).map((c) => c.name)).toEqual(["alive"]);
  });

  it("filters notices by type, key and time", async () => {
    const { client } = await start({
      notices: [
        { id: "1", type: "custom", key: "garm.io/restart", lastData: { reason: "x" } },
        { id: "2", type: "warning", key: "disk full" },
      ],
    });
    const custom = await client.getNotices({ types: ["custom"] });
    expect(custom).toMatchObject([
      { id: "1", key: "garm.io/restart", lastData: { reason: "x" }, occurrences: 1 },
    ]);
    expect((await client.getNotices({ keys: ["disk full"] })).map((n) => n.id)).toEqual(["2"]);
    const after = (await client.getNotices()).find((n) => n.id === "1")!.lastOccurred;
    expect((await client.getNotices({ after })).map((n) => n.id)).toEqual(["2"]);
  });
});
