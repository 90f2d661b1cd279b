import { describe, expect, it } from "vitest";
import { relation } from "../builders.js";
import { fakeTools } from "./test-support.js";

describe("config-get and is-leader", () => {
  it("merges declared defaults under set values and omits options with neither", async () => {
    const { run } = fakeTools({ config: { name: "juju" } });
    expect(JSON.parse((await run("config-get", ["--format=json"])).stdout)).toEqual({
      name: "juju",
      port: 8080,
      debug: false,
    });
    expect((await run("config-get", ["--format=json", "port"])).stdout).toBe("8080\n");
    expect((await run("config-get", ["--format=json", "ratio"])).stdout).toBe("null\n");
    expect(JSON.parse((await run("config-get", ["--format=json", "--all"])).stdout)).toHaveProperty(
      "ratio",
      null,
    );
  });

  it("prints leadership as JSON, or Python-style without --format", async () => {
    expect((await fakeTools({ leader: true }).run("is-leader", ["--format=json"])).stdout).toBe("true\n");
    expect((await fakeTools().run("is-leader", [])).stdout).toBe("False\n");
  });
});

describe("status-get and status-set", () => {
  it("sets the unit status and records it at once", async () => {
    const { run, model } = fakeTools();
    expect(
      (await run("status-set", ["--application=false", "blocked", "--", "-needs config"])).exitCode,
    ).toBe(0);
    expect(model.unitStatusHistory).toEqual([{ name: "blocked", message: "-needs config" }]);
    expect(
      JSON.parse(
        (await run("status-get", ["--include-data", "--format=json", "--application=false"])).stdout,
      ),
    ).toEqual({ status: "blocked", message: "-needs config", "status-data": {} });
    expect(model.toState(false).unitStatus).toEqual({ name: "blocked", message: "-needs config" });
  });

  it("keeps application status for the leader", async () => {
    const follower = fakeTools();
    expect(await follower.run("status-set", ["--application=True", "active"])).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "ERROR this unit is not the leader\n",
    });
    expect((await follower.run("status-get", ["--format=json", "--application=true"])).exitCode).toBe(1);
    const leader = fakeTools({ leader: true });
    await leader.run("status-set", ["--application=true", "active", "ready"]);
    const out = JSON.parse(
      (await leader.run("status-get", ["--include-data", "--format=json", "--application=true"])).stdout,
    );
    expect(out["application-status"]).toMatchObject({
      status: "active",
      message: "ready",
      units: { "demo/0": { status: "unknown" } },
    });
  });

  it("rejects statuses a charm cannot set", async () => {
    const { run } = fakeTools();
    expect((await run("status-set", ["error", "boom"])).stderr).toBe(
      'ERROR invalid status "error", expected one of [maintenance blocked waiting active]\n',
    );
    expect((await run("status-set", ["active", "a", "b"])).exitCode).toBe(2);
  });
});

describe("juju-log and application-version-set", () => {
  it("records level and message", async () => {
    const { run, model } = fakeTools();
    await run("juju-log", ["--log-level", "WARNING", "--", "disk", "low"]);
    const odd = await run("juju-log", ["--log-level", "LOUD", "--", "hello"]);
    expect(odd.stderr).toContain("not valid");
    expect(model.logs).toEqual([
      { level: "WARNING", message: "disk low" },
      { level: "INFO", message: "hello" },
    ]);
    expect((await run("juju-log", [])).stderr).toBe("ERROR no message specified\n");
  });

  it("sets the workload version immediately", async () => {
    const { run, model } = fakeTools();
    await run("application-version-set", ["--", "1.2.3"]);
    expect(model.toState(false).workloadVersion).toBe("1.2.3");
  });
});

describe("action tools", () => {
  const inAction = { actionParams: { target: "/srv", nested: { depth: 2 } } };

  it("reads params, whole or by dotted key", async () => {
    const { run } = fakeTools({}, inAction);
    expect(JSON.parse((await run("action-get", ["--format=json"])).stdout)).toEqual(inAction.actionParams);
    expect((await run("action-get", ["--format=json", "nested.depth"])).stdout).toBe("2\n");
  });

  it("nests dotted result keys and validates them", async () => {
    const { run, model } = fakeTools({}, inAction);
    await run("action-set", ["result.path=/srv/x", "count=3"]);
    expect(model.actionResults).toEqual({ result: { path: "/srv/x" }, count: "3" });
    expect((await run("action-set", ["Bad=1"])).exitCode).toBe(2);
    expect((await run("action-set", ["stdout=x"])).stderr).toBe(
      'ERROR cannot set reserved action key "stdout"\n',
    );
    expect((await run("action-set", ["novalue"])).exitCode).toBe(2);
    // Juju checks every dot-separated segment against the reserved words, not only the first.
    expect(await run("action-set", ["run.stderr=x"])).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: 'ERROR cannot set reserved action key "stderr"\n',
    });
    expect(model.actionResults).toEqual({ result: { path: "/srv/x" }, count: "3" });
  });

  it("records logs and failure", async () => {
    const { run, model } = fakeTools({}, inAction);
    await run("action-log", ["--", "step 1"]);
    await run("action-fail", ["--", "disk full"]);
    expect(model.actionLogs).toEqual(["step 1"]);
    expect(model.actionFailure).toBe("disk full");
  });

  it("fails outside an action", async () => {
    expect((await fakeTools().run("action-get", ["--format=json"])).stderr).toBe(
      "ERROR not running an action\n",
    );
  });
});

describe("network-get", () => {
  it("answers declared bindings with defaults or the state's network", async () => {
    const { run } = fakeTools({
      networks: [
        {
          binding: "db",
          bindAddresses: [{ interfaceName: "eth1", addresses: [{ value: "10.0.0.5", cidr: "10.0.0.0/24" }] }],
          ingressAddresses: ["10.0.0.5"],
          egressSubnets: ["10.0.0.0/24"],
        },
      ],
    });
    expect(JSON.parse((await run("network-get", ["--format=json", "db"])).stdout)).toEqual({
      "bind-addresses": [
        {
          "mac-address": "",
          "interface-name": "eth1",
          addresses: [{ hostname: "", value: "10.0.0.5", cidr: "10.0.0.0/24" }],
        },
      ],
      "egress-subnets": ["10.0.0.0/24"],
      "ingress-addresses": ["10.0.0.5"],
    });
    expect((await run("network-get", ["--format=json", "metrics", "--ingress-address"])).stdout).toBe(
      '"192.0.2.0"\n',
    );
    expect((await run("network-get", ["--format=json", "nope"])).stderr).toBe(
      'ERROR no network config found for binding "nope"\n',
    );
  });
});

describe("ports", () => {
  it("buffers opens and closes; opened-ports shows only committed ports", async () => {
    const { run, model } = fakeTools({ openedPorts: [{ protocol: "tcp", port: 22 }] });
    await run("open-port", ["8080/tcp"]);
    await run("open-port", ["53/udp"]);
    await run("open-port", ["icmp"]);
    await run("close-port", ["22"]);
    expect((await run("opened-ports", ["--format=json"])).stdout).toBe('["22/tcp"]\n');
    expect(model.toState(true).openedPorts).toEqual([
      { protocol: "tcp", port: 8080 },
      { protocol: "udp", port: 53 },
      { protocol: "icmp" },
    ]);
    expect(model.toState(false).openedPorts).toEqual([{ protocol: "tcp", port: 22 }]);
  });

  it("rejects bad specs and ranges on Kubernetes", async () => {
    const { run } = fakeTools();
    expect((await run("open-port", ["http"])).stderr).toBe('ERROR invalid port or range "http"\n');
    expect((await run("open-port", ["70000/tcp"])).exitCode).toBe(2);
    expect((await run("open-port", ["8000-8100/tcp"])).exitCode).toBe(1);
  });
});

describe("charm state tools", () => {
  it("sets from stdin, reads, deletes; null when empty", async () => {
    const { run, model } = fakeTools();
    expect((await run("state-get", ["--format=json"])).stdout).toBe("null\n");
    await run("state-set", ["--file", "-"], '{"a":"1","b":"2"}');
    await run("state-delete", ["b"]);
    expect(JSON.parse((await run("state-get", ["--format=json"])).stdout)).toEqual({ a: "1" });
    expect((await run("state-get", ["--format=json", "a"])).stdout).toBe('"1"\n');
    expect((await run("state-get", ["--strict", "zz"])).stderr).toBe('ERROR "zz" not found\n');
    expect(model.toState(true).storedState).toEqual({ a: "1" });
    expect(model.toState(false).storedState).toEqual({});
  });

  it("enforces Juju's size quota", async () => {
    const { run } = fakeTools();
    expect((await run("state-set", [`${"k".repeat(300)}=v`])).exitCode).toBe(1);
  });
});

describe("goal-state", () => {
  it("lists this unit and related units", async () => {
    const { run } = fakeTools({ relations: [relation({ endpoint: "db", id: 1, remoteAppName: "pg" })] });
    expect(JSON.parse((await run("goal-state", ["--format=json"])).stdout)).toEqual({
      units: { "demo/0": { status: "active" } },
      relations: { db: { pg: { status: "joined" }, "pg/0": { status: "active" } } },
    });
  });
});
