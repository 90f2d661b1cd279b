/**
 * The local command line takes every command exactly as the Jubilant-shaped client
 * (`@garm-charms/juju-client`) sends it to real Juju: the client drives the local model here with
 * the shell-script charm, so a flag real Juju needs (e.g. `add-model --no-switch`) is never left
 * out of the client for the local model's sake.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  isStatusError,
  type Juju,
  temporaryModel,
  type Status,
  type TemporaryModel,
} from "@garm-charms/juju-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { LocalJuju, writeCliExecutable } from "./test-support/cli.js";

let local: LocalJuju;
let binDir: string;
let model: TemporaryModel;
let juju: Juju;
let charm: string;

/** The endpoints of `app` that have relations, as status shows them. */
function relatedEndpoints(status: Status, app: string): string[] {
  const entry = status.applications[app];
  return entry === undefined || isStatusError(entry) ? [] : Object.keys(entry.relations ?? {});
}

beforeAll(async () => {
  local = await LocalJuju.create();
  binDir = mkdtempSync(join(tmpdir(), "juju-local-client-"));
  const binary = await writeCliExecutable(binDir);
  charm = await local.packShellCharm();
  local.ok("add-model", "first");
  model = await temporaryModel({ cliBinary: binary, env: { JUJU_LOCAL_HOME: local.home } });
  juju = model.juju;
}, 60_000);

afterAll(() => {
  local.remove();
  rmSync(binDir, { recursive: true, force: true });
});

describe("juju-client's commands on the local command line", { timeout: 60_000 }, () => {
  it("add-model --no-switch: the temporary model is the client's, the CLI's current model stays", async () => {
    expect(juju.model).toBe(model.name);
    expect((await juju.status()).applications).toEqual({});
    expect(local.json<{ model: { name: string } }>("status").model.name).toBe("first");
  });

  it("deploy with --num-units, --config, --trust; config get, set and --reset", async () => {
    await juju.deploy(charm, "a", { numUnits: 2, config: { greeting: "hey" }, trust: true });
    await juju.deploy(charm, "b");
    expect(Object.keys((await juju.status()).applications["a"]?.units ?? {})).toEqual(["a/0", "a/1"]);
    expect((await juju.config("a"))["greeting"]).toBe("hey");
    await juju.config("a", { greeting: "yo" });
    expect((await juju.config("a"))["greeting"]).toBe("yo");
    await juju.config("a", { reset: ["greeting"] });
    expect((await juju.config("a"))["greeting"]).toBe("hello");
  });

  it("integrate, remove-relation --force; add-unit --num-units, remove-unit --no-prompt", async () => {
    await juju.integrate("a:db", "b:served");
    expect(relatedEndpoints(await juju.status(), "b")).toContain("served");
    await juju.removeRelation("a:db", "b:served", { force: true });
    expect(relatedEndpoints(await juju.status(), "b")).not.toContain("served");
    await juju.addUnit("b", { numUnits: 2 });
    await juju.removeUnit("b/2");
    expect(Object.keys((await juju.status()).applications["b"]?.units ?? {})).toEqual(["b/0", "b/1"]);
  });

  it("add-secret --info --file, grant-secret, secrets, show-secret --reveal", async () => {
    const uri = await juju.addSecret("words", { word: "alpha" }, { info: "a word" });
    await juju.grantSecret(uri, ["a", "b"]);
    expect((await juju.secrets()).map((s) => s.id)).toEqual([uri.slice("secret:".length)]);
    expect(await juju.revealSecret(uri)).toEqual({ word: "alpha" });
  });

  it("run --format=json --params, exec --format=json --unit", async () => {
    expect((await juju.run("a/0", "echo", { message: "yo" })).results["echoed"]).toBe("yo");
    const exec = await juju.exec("echo out", { unit: "a/0" });
    expect({ code: exec.returnCode, stdout: exec.stdout }).toEqual({ code: 0, stdout: "out\n" });
  });

  it("refresh --path, remove-application --no-prompt, destroy-model --no-prompt --destroy-storage --force", async () => {
    await juju.refresh("a", { path: charm });
    await juju.removeApplication("b");
    expect(Object.keys((await juju.status()).applications)).toEqual(["a"]);
    await model.destroy();
    expect(juju.model).toBeUndefined();
  });
});
