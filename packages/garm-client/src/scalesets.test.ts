import { describe, expect, it } from "vitest";
import { GarmRequestInvalidError } from "./errors.js";
import {
  createScaleSetToWire,
  ownerPath,
  scaleSetRunnersWire,
  scaleSetWire,
  scaleSetsWire,
  updateScaleSetToWire,
  validateCreateScaleSet,
  validateUpdateScaleSet,
  type CreateScaleSetParams,
} from "./scalesets.js";

const valid: CreateScaleSetParams = {
  name: "ss",
  providerName: "openstack",
  image: "ubuntu:24.04",
  flavor: "small",
  osType: "linux",
  osArch: "amd64",
  maxRunners: 3,
  minIdleRunners: 1,
};

describe("scale set wire mapping", () => {
  it("maps GARM's answer, with labels from tags and the runner group's dashed name", () => {
    const scaleSet = scaleSetWire.parse({
      runner_prefix: "garm",
      id: 1,
      scale_set_id: 101,
      name: "fake-scaleset-1",
      disable_update: false,
      state: "pending_create",
      provider_name: "fake",
      max_runners: 3,
      min_idle_runners: 1,
      image: "ubuntu:24.04",
      flavor: "small",
      os_type: "linux",
      os_arch: "amd64",
      enabled: true,
      runner_bootstrap_timeout: 20,
      "github-runner-group": "Default",
      tags: [{ id: "t1", name: "fake-ss" }],
      extra_specs: { disk: 20 },
      org_id: "94d2554a",
      org_name: "fake-org",
      template_id: 6,
      template_name: "github_linux",
      enable_shell: false,
      generation: 0,
      status_messages: [],
    });
    expect(scaleSet).toMatchObject({
      id: 1,
      githubScaleSetId: 101,
      runnerGroup: "Default",
      labels: ["fake-ss"],
      extraSpecs: { disk: 20 },
      templateId: 6,
      enabled: true,
      owner: { kind: "organisation", id: "94d2554a", name: "fake-org" },
    });
  });

  it("fills in the zero values GARM omits, so drift checks compare like with like", () => {
    const scaleSet = scaleSetWire.parse({
      id: 2,
      name: "repo-ss",
      disable_update: true,
      state: "pending_create",
      enable_shell: false,
      generation: 0,
      status_messages: null,
      repo_id: "1c0d8db4",
      repo_name: "fake-org/fake-repo",
    });
    expect(scaleSet).toMatchObject({
      githubScaleSetId: 0,
      maxRunners: 0,
      minIdleRunners: 0,
      enabled: false,
      runnerBootstrapTimeout: 0,
      runnerGroup: "",
      labels: [],
      extraSpecs: {},
      templateId: 0,
      desiredRunnerCount: 0,
      disableUpdate: true,
      owner: { kind: "repository", id: "1c0d8db4", name: "fake-org/fake-repo" },
    });
  });

  it("accepts an empty list as [] or null", () => {
    expect(scaleSetsWire.parse([])).toEqual([]);
    expect(scaleSetsWire.parse(null)).toEqual([]);
  });

  it("spells the runner group `github-runner-group` on create and `runner_group` on update", () => {
    const create = createScaleSetToWire({ ...valid, runnerGroup: "ci", labels: ["a", "b"] });
    expect(create).toEqual({
      name: "ss",
      provider_name: "openstack",
      image: "ubuntu:24.04",
      flavor: "small",
      os_type: "linux",
      os_arch: "amd64",
      max_runners: 3,
      min_idle_runners: 1,
      enabled: false,
      labels: ["a", "b"],
      "github-runner-group": "ci",
    });
    expect(updateScaleSetToWire({ runnerGroup: "ci", maxRunners: 4 })).toEqual({
      runner_group: "ci",
      max_runners: 4,
    });
  });

  it("sends explicit false and 0-free updates unchanged", () => {
    expect(updateScaleSetToWire({ enabled: false })).toEqual({ enabled: false });
    expect(updateScaleSetToWire({})).toEqual({});
  });

  it("refuses create parameters GARM would answer with a bare 500", () => {
    expect(() => validateCreateScaleSet(valid)).not.toThrow();
    expect(() => validateCreateScaleSet({ ...valid, image: " " })).toThrow(GarmRequestInvalidError);
    expect(() => validateCreateScaleSet({ ...valid, maxRunners: 0 })).toThrow(/max runners/);
    expect(() => validateCreateScaleSet({ ...valid, minIdleRunners: 4 })).toThrow(/must not exceed/);
    expect(() => validateCreateScaleSet({ ...valid, providerName: "" })).toThrow(/provider name/);
  });

  it("refuses template id 0 and bootstrap timeout 0 on update", () => {
    expect(() => validateUpdateScaleSet({ templateId: 0 })).toThrow(/template id/);
    expect(() => validateUpdateScaleSet({ runnerBootstrapTimeout: 0 })).toThrow(/bootstrap timeout/);
    expect(() => validateUpdateScaleSet({ minIdleRunners: 5, maxRunners: 2 })).toThrow(/must not exceed/);
    expect(() => validateUpdateScaleSet({ minIdleRunners: 5 })).not.toThrow();
  });

  it("builds the owner's path with the id escaped", () => {
    expect(ownerPath({ orgId: "94d2554a" })).toBe("/organizations/94d2554a");
    expect(ownerPath({ repoId: "a/b" })).toBe("/repositories/a%2Fb");
  });
});

describe("scale set runners wire mapping", () => {
  it("reads GARM's instances, tolerating fields it sends as base64 strings (provider_fault)", () => {
    // Python charm bug 1c798e6: a strict client crashed on `provider_fault`, a []byte GARM sends
    // as a base64 string. This client reads only what it needs and ignores the rest.
    const runners = scaleSetRunnersWire.parse([
      {
        name: "garm-tuuhcs7llrl8",
        status: "error",
        runner_status: "pending",
        agent_id: 101,
        provider_id: "garm-tuuhcs7llrl8",
        provider_name: "garm-configurator-0",
        provider_fault: Buffer.from("quota exceeded for instances").toString("base64"),
        status_messages: null,
      },
    ]);
    expect(runners).toEqual([
      {
        name: "garm-tuuhcs7llrl8",
        status: "error",
        runnerStatus: "pending",
        providerName: "garm-configurator-0",
      },
    ]);
  });

  it("reads an empty list sent as null", () => {
    expect(scaleSetRunnersWire.parse(null)).toEqual([]);
  });
});
