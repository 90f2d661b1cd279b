/**
 * The GARM fake as a `garm` executable: GARM's command line, its config file, and a database
 * that survives a restart. Parsing is tested as functions; one file runs the real process.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD } from "../test-support.js";
import { DEFAULT_CONFIG, parseGarmArgs } from "./command-line.js";
import { readGarmConfig, stateFileFor } from "./config.js";
import { accessLogLine } from "./access-log.js";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A config.toml shaped like the garm charm's (PostgreSQL, one external provider). */
function configToml(port: number, extra = ""): string {
  return `[database]
backend = "postgresql"
passphrase = "0123456789abcdef0123456789abcdef"

[database.postgresql]
username = "garm"
password = "pw"
hostname = "10.0.0.5"
port = 5432
database = "garm"
sslmode = "prefer"

[apiserver]
bind = "127.0.0.1"
port = ${String(port)}
use_tls = false

[jwt_auth]
secret = "a-jwt-secret-of-at-least-32-characters!"
time_to_live = "8760h"

[metrics]
enable = true
disable_auth = true

[[provider]]
name = "garm-configurator-0"
provider_type = "external"
description = "OpenStack provider (garm-configurator-0)"

[provider.external]
config_file = "/etc/garm/provider-garm-configurator-0.toml"
provider_executable = "/usr/local/bin/garm-provider-openstack"
${extra}`;
}

describe("garm command line", () => {
  it("takes --config as GARM's cobra line does, with the default path", () => {
    expect(parseGarmArgs(["--config", "/x.toml"])).toEqual({ kind: "serve", config: "/x.toml" });
    expect(parseGarmArgs(["--config=/y.toml"])).toEqual({ kind: "serve", config: "/y.toml" });
    expect(parseGarmArgs([])).toEqual({ kind: "serve", config: DEFAULT_CONFIG });
  });

  it("prints a version for version, --version and -version", () => {
    for (const args of [["version"], ["--version"], ["-version"]])
      expect(parseGarmArgs(args)).toEqual({ kind: "version" });
  });

  it("refuses -config <file> as a real GARM does, and unknown flags and commands", () => {
    expect(parseGarmArgs(["-config", "/etc/garm/config.toml"])).toEqual({
      kind: "error",
      message: 'unknown command "/etc/garm/config.toml" for "garm"',
    });
    expect(parseGarmArgs(["--debug"])).toEqual({ kind: "error", message: "unknown flag: --debug" });
    expect(parseGarmArgs(["-x"])).toEqual({ kind: "error", message: "unknown shorthand flag: 'x' in -x" });
    expect(parseGarmArgs(["serve"])).toEqual({
      kind: "error",
      message: 'unknown command "serve" for "garm"',
    });
  });
});

describe("garm access log", () => {
  it("is one slog-style line with the method, the path without its query, and the status", () => {
    const line = accessLogLine(
      { method: "PUT", path: "/api/v1/controller", query: { a: "b" }, status: 200, body: { x: "y" } },
      new Date("2025-01-02T03:04:05.678Z"),
    );
    expect(line).toBe(
      "time=2025-01-02T03:04:05.678Z level=INFO msg=access_log method=PUT uri=/api/v1/controller code=200\n",
    );
  });
});

describe("garm config file", () => {
  const root = mkdtempSync(join(tmpdir(), "garm-root-"));
  const env = { PEBBLE_CONTAINER_ROOT: root, GARM_FAKE_STATE_DIR: join(root, "state") };
  beforeAll(() => {
    mkdirSync(join(root, "etc/garm"), { recursive: true });
    mkdirSync(join(root, "usr/local/bin"), { recursive: true });
    writeFileSync(join(root, "etc/garm/provider-garm-configurator-0.toml"), "");
    writeFileSync(join(root, "usr/local/bin/garm-provider-openstack"), "");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (text: string): string => {
    writeFileSync(join(root, "etc/garm/config.toml"), text);
    return "/etc/garm/config.toml";
  };

  it("reads the charm's config through the container root and keys the state by the database", () => {
    const config = readGarmConfig(write(configToml(8080)), env);
    expect(config.apiserver).toEqual({ bind: "127.0.0.1", port: 8080, use_tls: false });
    expect(config.provider.map((p) => p.name)).toEqual(["garm-configurator-0"]);
    expect(stateFileFor(config, env)).toMatch(new RegExp(`^${join(root, "state")}/[0-9a-f]{24}\\.json$`));
  });

  it("refuses a missing section, a bad port, an unreadable file and a missing provider executable", () => {
    expect(() => readGarmConfig(write(configToml(8080).replace(/\[jwt_auth\][^[]*/, "")), env)).toThrow(
      "failed to validate config: jwt_auth",
    );
    expect(() => readGarmConfig(write(configToml(70000)), env)).toThrow(
      "failed to validate config: apiserver.port",
    );
    expect(() => readGarmConfig("/etc/garm/nope.toml", env)).toThrow(
      "failed to read config: open /etc/garm/nope.toml",
    );
    expect(() =>
      readGarmConfig(
        write(configToml(8080).replace("/usr/local/bin/garm-provider-openstack", "/usr/bin/none")),
        env,
      ),
    ).toThrow("provider garm-configurator-0: /usr/bin/none does not exist");
  });
});

describe("garm executable", { timeout: 30_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), "garm-exe-"));
  const env = { ...process.env, PEBBLE_CONTAINER_ROOT: root, GARM_FAKE_STATE_DIR: join(root, "state") };
  let port = 0;
  let child: ChildProcess | undefined;
  /** What the running garm printed on stdout. */
  let output = "";
  const garm = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], { env, encoding: "utf8" });
  const start = async (extraEnv: Record<string, string> = {}): Promise<void> => {
    const proc = spawn(process.execPath, ["--import", "tsx", MAIN, "--config", "/etc/garm/config.toml"], {
      env: { ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    proc.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("listening") && resolve());
      proc.on("exit", (code) => reject(new Error(`garm exited with ${String(code)}`)));
    });
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    if (proc === undefined || proc.exitCode !== null) return;
    await new Promise((resolve) => {
      proc.once("exit", resolve);
      proc.kill("SIGTERM");
    });
  };
  const api = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${String(port)}${path}`, init);

  beforeAll(async () => {
    port = await freePort();
    mkdirSync(join(root, "etc/garm"), { recursive: true });
    mkdirSync(join(root, "usr/local/bin"), { recursive: true });
    writeFileSync(join(root, "etc/garm/provider-garm-configurator-0.toml"), "");
    writeFileSync(join(root, "usr/local/bin/garm-provider-openstack"), "");
    writeFileSync(join(root, "etc/garm/config.toml"), configToml(port));
  });
  afterAll(async () => {
    await stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("exits 1 with cobra's message on an unknown flag and on an invalid config", () => {
    const unknown = garm("--debug");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("Error: unknown flag: --debug");
    const invalid = garm("--config", "/etc/garm/missing.toml");
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain("Error: failed to read config");
  });

  it("serves the API where the config says, /metrics without auth, and keeps its database across a restart", async () => {
    await start();
    const firstRun = await api("/api/v1/first-run", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        username: "admin",
        password: ADMIN_PASSWORD,
        email: "admin@garm.local",
        full_name: "Admin",
      }),
    });
    expect(firstRun.status).toBe(200);
    const metrics = await api("/metrics");
    expect(metrics.status).toBe(200);
    const body = await metrics.text();
    expect(body).toContain("garm_health");
    const controllerId = /controller_id="([^"]+)"/.exec(body)?.[1];
    await stop();
    await start();
    expect(await (await api("/metrics")).text()).toContain(`controller_id="${controllerId ?? "none"}"`);
    const login = await api("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const urls = await api("/api/v1/controller", {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({
        metadata_url: "http://x/m",
        callback_url: "http://x/c",
        webhook_url: "http://x/w",
      }),
    });
    expect(urls.status).toBe(200);
    const providers = await api("/api/v1/providers", { headers: auth });
    expect(((await providers.json()) as { name: string }[]).map((p) => p.name)).toEqual([
      "garm-configurator-0",
    ]);
  });

  it("serves the fake-only control routes only with GARM_FAKE_CONTROL=1", async () => {
    const assign = () =>
      api("/_fake/scalesets/1/assigned-jobs", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ assigned_jobs: 2 }),
      });
    await stop();
    await start();
    expect(await (await assign()).json()).toEqual({ error: "Not found", details: "Resource not found" });
    await stop();
    await start({ GARM_FAKE_CONTROL: "1" });
    // The route is there: no such scale set in this database.
    expect(await (await assign()).json()).toEqual({ error: "Not Found", details: "scale set not found" });
  });

  it("logs one access_log line per request on stdout: method, path, status; no body, token or query", async () => {
    // A marker request: lines of the previous test's requests can still arrive after it.
    const marker = `/api/v1/marker-${String(Date.now())}`;
    await api(marker);
    const login = await api("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    });
    const token = ((await login.json()) as { token: string }).token;
    await api("/api/v1/scalesets?x=1", { headers: { authorization: `Bearer ${token}` } });
    await api("/api/v1/nope", { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    const accessLines = (): string[] => {
      const lines = output.split("\n").filter((l) => l.includes("msg=access_log"));
      const at = lines.findIndex((l) => l.includes(`uri=${marker} `));
      return at === -1 ? [] : lines.slice(at + 1);
    };
    // The line is written once the answer is sent, so it can reach the pipe after the client's answer.
    for (let i = 0; i < 200 && accessLines().length < 3; i += 1) await new Promise((r) => setTimeout(r, 50));
    const lines = accessLines();
    expect(lines.map((l) => l.replace(/^time=\S+ /, ""))).toEqual([
      "level=INFO msg=access_log method=POST uri=/api/v1/auth/login code=200",
      "level=INFO msg=access_log method=GET uri=/api/v1/scalesets code=200",
      "level=INFO msg=access_log method=DELETE uri=/api/v1/nope code=404",
    ]);
    expect(output).not.toContain(ADMIN_PASSWORD);
    expect(output).not.toContain(token);
  });
});
