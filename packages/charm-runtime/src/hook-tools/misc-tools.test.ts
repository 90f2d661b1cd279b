import { describe, expect, it } from "vitest";

import { ModelError, UnexpectedToolOutputError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { applicationVersionSet } from "./application-version.js";
import { credentialGet } from "./credential-get.js";
import { goalState, plannedUnits } from "./goal-state.js";
import { resourceGet } from "./resource-get.js";

describe("application-version-set", () => {
  it("passes the version after `--`", async () => {
    const { runner, session } = recordingSession();
    await applicationVersionSet(session, "v0.1.6");
    expect(runner.argv()).toEqual([["application-version-set", "--", "v0.1.6"]]);
  });
});

describe("goal-state", () => {
  it("runs `goal-state --format=json` and parses units and relations", async () => {
    const { runner, session } = recordingSession();
    const out = {
      units: {
        "garm/0": { status: "active", since: "2024-05-01 10:00:00Z" },
        "garm/1": { status: "dying", since: "2024-05-01T10:00:00Z" },
      },
      relations: {
        db: {
          postgresql: { status: "joined", since: "2024-05-01 10:00:00Z" },
          "postgresql/0": { status: "joined" },
        },
      },
    };
    runner.json("goal-state", out);
    const goal = await goalState(session);
    expect(goal).toEqual(out);
    expect(plannedUnits(goal)).toBe(1);
    expect(runner.argv()).toEqual([["goal-state", "--format=json"]]);
  });
});

describe("credential-get", () => {
  it("runs `credential-get --format=json` and keeps the cloud spec", async () => {
    const { runner, session } = recordingSession();
    const spec = {
      type: "openstack",
      name: "serverstack",
      region: "RegionOne",
      endpoint: "https://keystone:5000/v3",
      credential: { "auth-type": "userpass", attrs: { username: "u" }, redacted: ["password"] },
      "skip-tls-verify": false,
      "is-controller-cloud": false,
    };
    runner.json("credential-get", spec);
    expect(await credentialGet(session)).toEqual(spec);
    expect(runner.argv()).toEqual([["credential-get", "--format=json"]]);
  });

  it("maps an untrusted application's error", async () => {
    const { runner, session } = recordingSession();
    runner.fail("credential-get", "cannot access cloud credentials: permission denied");
    await expect(credentialGet(session)).rejects.toBeInstanceOf(ModelError);
  });
});

describe("resource-get", () => {
  it("runs `resource-get <name>` without --format and strips the path", async () => {
    const { runner, session } = recordingSession();
    runner.on("resource-get", { stdout: "/var/lib/juju/agents/unit-garm-0/resources/garm-binary/garm\n" });
    expect(await resourceGet(session, "garm-binary")).toBe(
      "/var/lib/juju/agents/unit-garm-0/resources/garm-binary/garm",
    );
    expect(runner.argv()).toEqual([["resource-get", "garm-binary"]]);
  });

  it("rejects empty output", async () => {
    const { session } = recordingSession();
    await expect(resourceGet(session, "x")).rejects.toBeInstanceOf(UnexpectedToolOutputError);
  });
});
