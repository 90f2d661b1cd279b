/** The exact commands the client issues, against a `juju` stand-in on PATH that records argv. */
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  allActive,
  anyError,
  CLIError,
  Juju,
  OutputError,
  TaskError,
  temporaryModel,
  WaitError,
} from "./index.js";
import { FakeJuju, statusJson } from "./test-support/fake-juju.js";

let fake: FakeJuju;
let juju: Juju;

beforeEach(() => {
  fake = new FakeJuju();
  // No cliBinary: the client runs `juju` from PATH, as it would the real one.
  juju = new Juju({ model: "m1", env: { PATH: fake.path() }, tempDir: fake.root });
});
afterEach(() => fake.remove());

describe("commands", () => {
  it("deploy passes the charm, app, config, resources, units and trust, with --model after the command", async () => {
    await juju.deploy("./garm.charm", "garm", {
      config: { name: "x", "max-runner": 5, debug: true },
      resources: { "garm-image": "ghcr.io/x/garm:1" },
      numUnits: 2,
      trust: true,
    });
    await juju.deploy("postgresql-k8s", undefined, { channel: "16/edge", trust: true });
    expect(fake.commands()).toEqual([
      [
        "deploy",
        "--model",
        "m1",
        "./garm.charm",
        "garm",
        "--config",
        "name=x",
        "--config",
        "max-runner=5",
        "--config",
        "debug=true",
        "--resource",
        "garm-image=ghcr.io/x/garm:1",
        "--num-units",
        "2",
        "--trust",
      ],
      ["deploy", "--model", "m1", "postgresql-k8s", "--channel", "16/edge", "--trust"],
    ]);
  });

  it("integrate, remove-relation, add-unit, remove-unit, remove-application and refresh", async () => {
    await juju.integrate("garm", "postgresql-k8s");
    await juju.removeRelation("garm", "postgresql-k8s", { force: true });
    await juju.addUnit("garm", { numUnits: 2 });
    await juju.removeUnit("garm/1");
    await juju.removeApplication("garm");
    await juju.refresh("garm", { path: "./garm.charm" });
    expect(fake.commands()).toEqual([
      ["integrate", "--model", "m1", "garm", "postgresql-k8s"],
      ["remove-relation", "--model", "m1", "garm", "postgresql-k8s", "--force"],
      ["add-unit", "--model", "m1", "garm", "--num-units", "2"],
      ["remove-unit", "--model", "m1", "garm/1", "--no-prompt"],
      ["remove-application", "--model", "m1", "garm", "--no-prompt"],
      ["refresh", "--model", "m1", "garm", "--path", "./garm.charm"],
    ]);
  });

  it("config gets the settings' values, sets key=value pairs and resets named options", async () => {
    fake.answer("config", {
      stdout: JSON.stringify({
        application: "c",
        settings: {
          name: { value: "x", source: "user" },
          "max-runner": { value: 1 },
          org: { source: "unset" },
        },
      }),
    });
    expect(await juju.config("c")).toEqual({ name: "x", "max-runner": 1 });
    await juju.config("c", { name: "y", "max-runner": 3 });
    await juju.config("c", { reset: ["name", "org"] });
    expect(fake.commands()).toEqual([
      ["config", "--model", "m1", "c", "--format=json"],
      ["config", "--model", "m1", "c", "name=y", "max-runner=3"],
      ["config", "--model", "m1", "c", "--reset", "name,org"],
    ]);
  });

  it("add-secret passes the content in a 0600 file, never in argv, removes it and returns the URI", async () => {
    fake.answer("add-secret", { stdout: "secret:d1ab2c3\n" });
    const uri = await juju.addSecret("openstack-password", { value: "s3cr3t-pw" }, { info: "OpenStack" });
    await juju.grantSecret(uri, ["garm-configurator", "other"]);
    expect(uri).toBe("secret:d1ab2c3");
    const [add, grant] = fake.calls();
    expect(add?.argv.join(" ")).not.toContain("s3cr3t-pw");
    expect(fake.commands()).toEqual([
      ["add-secret", "--model", "m1", "openstack-password", "--info", "OpenStack", "--file", "<file>"],
      ["grant-secret", "--model", "m1", "secret:d1ab2c3", "garm-configurator,other"],
    ]);
    const [path, file] = Object.entries(add?.files ?? {})[0] ?? [];
    expect(file).toEqual({ content: "value: s3cr3t-pw\n", mode: 0o600 });
    expect(existsSync(path ?? "")).toBe(false);
    expect(grant?.files).toEqual({});
  });

  it("secrets and revealSecret read Juju's JSON", async () => {
    fake.answer("secrets", {
      stdout: JSON.stringify({ d1: { revision: 2, owner: "garm", label: "garm-secrets" } }),
    });
    fake.answer("show-secret", {
      stdout: JSON.stringify({
        d1: { revision: 2, owner: "garm", content: { Data: { "jwt-secret": "j" } } },
      }),
    });
    expect(await juju.secrets()).toEqual([{ id: "d1", revision: 2, owner: "garm", label: "garm-secrets" }]);
    expect(await juju.revealSecret("d1")).toEqual({ "jwt-secret": "j" });
    expect(fake.commands()).toEqual([
      ["secrets", "--model", "m1", "--format=json"],
      ["show-secret", "--model", "m1", "d1", "--reveal", "--format=json"],
    ]);
  });
});

describe("run and exec", () => {
  const task = (status: string, results: Record<string, unknown>): string =>
    JSON.stringify({ "garm/0": { id: "7", status, results, unit: "garm/0" } });

  it("run passes parameters in a file and returns the task's results", async () => {
    fake.answer("run", { stdout: task("completed", { username: "admin", "return-code": 0 }) });
    const result = await juju.run("garm/0", "get-credentials", { verbose: true });
    expect(result).toMatchObject({
      id: "7",
      status: "completed",
      results: { username: "admin" },
      success: true,
    });
    expect(fake.commands()).toEqual([
      ["run", "--model", "m1", "garm/0", "get-credentials", "--format=json", "--params", "<file>"],
    ]);
    expect(Object.values(fake.calls()[0]?.files ?? {})[0]).toEqual({
      content: "verbose: true\n",
      mode: 0o600,
    });
  });

  it("a failed action throws TaskError, though juju exits non-zero and still prints the task", async () => {
    fake.answer("run", { stdout: task("failed", {}), stderr: "ERROR the following task failed", code: 1 });
    await expect(juju.run("garm/0", "get-credentials")).rejects.toThrow(TaskError);
  });

  it("exec returns the command's exit code and output, without throwing on a non-zero exit", async () => {
    fake.answer("exec", {
      stdout: task("failed", { "return-code": 3, stdout: "out", stderr: "err" }),
      code: 1,
    });
    const result = await juju.exec("ls /x", { unit: "garm/0" });
    expect(result).toMatchObject({ returnCode: 3, stdout: "out", stderr: "err", success: false });
    expect(fake.commands()).toEqual([
      ["exec", "--model", "m1", "--format=json", "--unit", "garm/0", "--", "ls /x"],
    ]);
  });
});

describe("status and errors", () => {
  it("status is parsed with zod; an entity in status-error is kept as such", async () => {
    fake.answer("status", {
      stdout: JSON.stringify({
        applications: {
          a: { "status-error": "cannot read" },
          ...JSON.parse(statusJson({ b: { status: "active" } })).applications,
        },
      }),
    });
    const status = await juju.status();
    expect(status.applications["a"]).toEqual({ "status-error": "cannot read" });
    expect(anyError(status)).toBe(true);
    expect(allActive(status, "b")).toBe(true);
    expect(allActive(status)).toBe(false);
  });

  it("output that is not Juju's shape is an OutputError naming the command", async () => {
    fake.answer("status", { stdout: JSON.stringify({ applications: { a: { charm: 1 } } }) });
    await expect(juju.status()).rejects.toThrow(OutputError);
    await expect(juju.status()).rejects.toThrow(/`status --format=json` printed output/);
  });

  it("a failing command is a CLIError with the command and juju's stderr", async () => {
    fake.answer("integrate", { stderr: 'ERROR application "nope" not found\n', code: 1 });
    const error = await juju.integrate("garm", "nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CLIError);
    expect((error as CLIError).command).toEqual(["juju", "integrate", "--model", "m1", "garm", "nope"]);
    expect((error as CLIError).stderr).toContain("not found");
    expect((error as CLIError).message).toBe(
      '`juju integrate --model m1 garm nope` exited with 1: ERROR application "nope" not found',
    );
  });
});

describe("wait", () => {
  const waiting = { stdout: statusJson({ c: { status: "waiting", units: { "c/0": "waiting" } } }) };
  const active = { stdout: statusJson({ c: { status: "active", units: { "c/0": "active" } } }) };

  it("polls status until ready holds `successes` times in a row", async () => {
    fake.answer("status", waiting, active, waiting, active);
    const status = await juju.wait((s) => allActive(s, "c"), { delay: 1, successes: 3 });
    expect(allActive(status, "c")).toBe(true);
    expect(fake.commands()).toHaveLength(6);
    expect(fake.commands().every((c) => c.join(" ") === "status --model m1 --format=json")).toBe(true);
  });

  it("the error predicate fails at once with the last status", async () => {
    fake.answer("status", { stdout: statusJson({ c: { status: "error", units: { "c/0": "error" } } }) });
    const error = await juju
      .wait((s) => allActive(s), { error: anyError, delay: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitError);
    expect((error as WaitError).status?.applications["c"]).toBeDefined();
    expect((error as WaitError).message).toBe("wait: error condition met: c: error");
  });

  it("gives up after the timeout with the last status in the message", async () => {
    fake.answer("status", {
      stdout: statusJson({ c: { status: "blocked", message: "need x", units: { "c/0": "blocked" } } }),
    });
    await expect(juju.wait((s) => allActive(s), { timeout: 50, delay: 20 })).rejects.toThrow(
      "wait: not ready after 0.05 s: c: blocked (need x)",
    );
  });
});

describe("models", () => {
  it("temporaryModel adds a model with --no-switch and without --model, and destroys it with Jubilant's flags", async () => {
    const model = await temporaryModel({ env: { PATH: fake.path() }, prefix: "deploy" });
    expect(model.juju.model).toBe(model.name);
    await model.juju.status().catch(() => undefined);
    await model.destroy();
    expect(model.name).toMatch(/^deploy-[0-9a-f]{8}$/);
    expect(fake.commands()).toEqual([
      ["add-model", "--no-switch", model.name],
      ["status", "--model", model.name, "--format=json"],
      ["destroy-model", model.name, "--no-prompt", "--destroy-storage", "--force"],
    ]);
  });
});
