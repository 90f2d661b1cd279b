/**
 * JUJU_BACKEND=juju: without `juju` on PATH the real run is skipped with a message saying so;
 * with a recording `juju` stand-in on PATH, the suite's deploy steps issue exactly the commands a
 * real run does (this file drives the juju backend itself, whatever JUJU_BACKEND says).
 */
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { allAgentsIdle } from "@garm-charms/juju-client";
import { FakeJuju, statusJson } from "@garm-charms/juju-client/test-support";
import { afterEach, describe, expect, it } from "vitest";

import { REPO, selectBackend } from "./backend.js";
import { deploySteps, CONFIGURATOR, GARM, IMAGE_BUILDER, POSTGRESQL, TEST_PRIVATE_KEY } from "./steps.js";

describe("the deploy steps' GitHub App key", () => {
  it("is a PKCS#1 RSA key, as GARM parses it when the credentials are created", () => {
    expect(TEST_PRIVATE_KEY.startsWith("-----BEGIN RSA PRIVATE KEY-----\n")).toBe(true);
    expect(createPrivateKey({ key: TEST_PRIVATE_KEY, format: "pem", type: "pkcs1" }).asymmetricKeyType).toBe(
      "rsa",
    );
  });
});

describe("the juju backend", () => {
  let fake: FakeJuju | undefined;
  afterEach(() => fake?.remove());

  it("without juju on PATH is unavailable, with a message naming what is missing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-juju-"));
    try {
      const backend = await selectBackend({ JUJU_BACKEND: "juju", PATH: empty });
      expect(backend.unavailable).toBe(
        "`juju` is not on PATH (install Juju 3.6 and bootstrap a microk8s controller)",
      );
      expect(backend.capabilities.workloads).toEqual({
        available: false,
        missing: "GARM_IMAGE is not set (the GARM rock: rocks/garm, see the README)",
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("with a juju stand-in on PATH, the deploy steps issue exactly a real run's commands", async () => {
    fake = new FakeJuju()
      .answer("add-secret", { stdout: "secret:d0secret\n" })
      .answer("run", {
        stdout: JSON.stringify({
          "garm/0": { id: "1", status: "completed", results: { username: "admin" } },
        }),
      })
      .answer("status", {
        stdout: statusJson({
          [GARM]: { status: "waiting", units: { "garm/0": "waiting" } },
          [CONFIGURATOR]: { status: "active", units: { "garm-configurator/0": "active" } },
        }),
      });
    const backend = await selectBackend({
      JUJU_BACKEND: "juju",
      PATH: fake.path(),
      GARM_IMAGE: "localhost:32000/garm:1",
    });
    expect(backend.unavailable).toBeUndefined();
    const steps = deploySteps({ ...backend, waitOptions: { successes: 2, delay: 1 } });
    const model = await backend.newModel();
    await steps.deployStack(model.juju);
    expect((await model.juju.run("garm/0", "get-credentials")).results).toEqual({ username: "admin" });
    await model.juju.wait((s) => allAgentsIdle(s, GARM), { successes: 1, delay: 1 });
    await model.destroy();

    const m = ["--model", model.name];
    const secret = (name: string): string[] => ["add-secret", ...m, name, "--file", "<file>"];
    expect(fake.commands()).toEqual([
      ["add-model", "--no-switch", model.name],
      [
        "deploy",
        ...m,
        `${REPO}build/garm_amd64.charm`,
        GARM,
        "--resource",
        "garm-image=localhost:32000/garm:1",
        "--resource",
        "pressure-reconciler-image=docker.io/library/node:22-bookworm-slim",
        "--trust",
      ],
      ["deploy", ...m, "postgresql-k8s", POSTGRESQL, "--channel", "16/edge", "--trust"],
      ["integrate", ...m, "garm:postgresql", "postgresql:database"],
      [
        "deploy",
        ...m,
        "any-charm",
        IMAGE_BUILDER,
        "--config",
        `src-overwrite=${String(backend.peerCharms.imageBuilder.config?.["src-overwrite"])}`,
        "--channel",
        "latest/beta",
      ],
      ["deploy", ...m, `${REPO}build/garm-configurator_amd64.charm`, CONFIGURATOR],
      secret("garm-configurator-os-password"),
      secret("garm-configurator-github-private-key"),
      ["grant-secret", ...m, "secret:d0secret", CONFIGURATOR],
      ["grant-secret", ...m, "secret:d0secret", CONFIGURATOR],
      [
        "config",
        ...m,
        CONFIGURATOR,
        "openstack-auth-url=https://keystone.example.com:5000/v3",
        "openstack-username=admin",
        "openstack-project-name=test-project",
        "openstack-user-domain-name=Default",
        "openstack-project-domain-name=Default",
        "openstack-region-name=RegionOne",
        "openstack-network=external-net",
        "github-app-id=12345",
        "github-app-installation-id=67890",
        "name=test-scaleset",
        "flavor=m1.large",
        "os-arch=amd64",
        "min-idle-runner=0",
        "max-runner=5",
        "org=test-org",
        "openstack-password=secret:d0secret",
        "github-app-private-key=secret:d0secret",
      ],
      ...Array.from({ length: 2 }, () => ["status", ...m, "--format=json"]),
      ["integrate", ...m, "garm-configurator:image", "image-builder:provide-github-runner-image-v0"],
      ...Array.from({ length: 2 }, () => ["status", ...m, "--format=json"]),
      ["integrate", ...m, GARM, CONFIGURATOR],
      ...Array.from({ length: 2 }, () => ["status", ...m, "--format=json"]),
      ["run", ...m, "garm/0", "get-credentials", "--format=json"],
      ["status", ...m, "--format=json"],
      ["destroy-model", model.name, "--no-prompt", "--destroy-storage", "--force"],
    ]);
    // The secrets' content went to juju in files only.
    const files = fake.calls().flatMap((c) => Object.values(c.files));
    expect(files.map((f) => f.content)).toEqual([
      "value: fake-password\n",
      expect.stringContaining("BEGIN RSA PRIVATE KEY"),
    ]);
    expect(fake.calls().some((c) => c.argv.join(" ").includes("fake-password"))).toBe(false);
  });
});
