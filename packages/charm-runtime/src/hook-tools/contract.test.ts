/**
 * The hook-tool contract in one table: one row per tool of the spec's per-tool table
 * (juju-contract.md §2.2) that the runtime wraps. Each row gives the exact argv the wrapper
 * must pass, a recorded stdout in the spec's documented format and what the wrapper returns
 * for it, and a recorded failure (exit code and `ERROR ...` stderr as Juju prints them) with the
 * typed error it must become. No Juju is needed: the RecordingRunner answers with the recording.
 *
 * The per-tool test files beside this one go deeper (caching, optional flags, edge cases); this
 * file is the checklist that nothing in the spec's table was left out.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  HookToolUsageError,
  ModelError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
} from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { actionFail, actionGet, actionLog, actionSet } from "./actions.js";
import { applicationVersionSet } from "./application-version.js";
import { configGet } from "./config.js";
import { credentialGet } from "./credential-get.js";
import { goalState } from "./goal-state.js";
import { isLeader } from "./leadership.js";
import { jujuLog } from "./logging.js";
import { networkGet } from "./network.js";
import { closePort, openPort, openedPorts } from "./ports.js";
import {
  relationGet,
  relationIds,
  relationList,
  relationModelGet,
  relationRemoteApp,
  relationSet,
} from "./relations.js";
import { resourceGet } from "./resource-get.js";
import {
  secretAdd,
  secretGet,
  secretGrant,
  secretIds,
  secretInfoGet,
  secretRemove,
  secretRevoke,
  secretSet,
} from "./secrets.js";
import type { HookToolSession } from "./session.js";
import { stateDelete, stateGet, stateSet } from "./state.js";
import { appStatusGet, statusSet, unitStatusGet } from "./status.js";
import { storageAdd, storageGet, storageList } from "./storage.js";

type ErrorClass = abstract new (...args: never[]) => Error;

interface ToolContract {
  /** The row of spec §2.2 this case covers. */
  readonly row: string;
  readonly call: (session: HookToolSession) => Promise<unknown>;
  /** Exact argv, tool first. A RegExp matches an argument that carries a temp-file path. */
  readonly argv: readonly (string | RegExp)[];
  readonly stdin?: string;
  /** Recorded stdout, in the format the spec gives. */
  readonly stdout: string;
  /** What the wrapper returns for that stdout. */
  readonly returns: unknown;
  /** A recorded failure of the tool and the typed error it must become. */
  readonly failure: { readonly exitCode: number; readonly stderr: string; readonly error: ErrorClass };
}

const REL = { endpoint: "db", id: 7 };
const SECRET_FILE = /^[a-z][a-z0-9-]*#file=\/.+\/value-\d+$/;

const CONTRACT: readonly ToolContract[] = [
  {
    row: "config-get",
    call: configGet,
    argv: ["config-get", "--format=json"],
    stdout: '{"debug":false,"runner-count":2,"ratio":0.5,"network":"net-1","key":"secret:cs2abc"}\n',
    returns: { debug: false, "runner-count": 2, ratio: 0.5, network: "net-1", key: "secret:cs2abc" },
    failure: { exitCode: 1, stderr: "ERROR cannot read charm settings\n", error: ModelError },
  },
  {
    row: "relation-ids",
    call: (s) => relationIds(s, "db"),
    argv: ["relation-ids", "db", "--format=json"],
    stdout: '["db:1","db:5"]\n',
    returns: [1, 5],
    failure: {
      exitCode: 2,
      stderr: 'ERROR invalid value "nope" for option: unknown endpoint\n',
      error: HookToolUsageError,
    },
  },
  {
    row: "relation-list",
    call: (s) => relationList(s, REL),
    argv: ["relation-list", "--format=json", "-r", "db:7"],
    stdout: '["mysql/0","mysql/1"]\n',
    returns: ["mysql/0", "mysql/1"],
    failure: {
      exitCode: 2,
      stderr: 'ERROR invalid value "db:7" for option -r: relation not found\n',
      error: RelationNotFoundError,
    },
  },
  {
    row: "relation-list --app",
    call: (s) => relationRemoteApp(s, REL),
    argv: ["relation-list", "--format=json", "--app", "-r", "db:7"],
    stdout: '"mysql"\n',
    returns: "mysql",
    // "relation not found" is answered with undefined (see below); anything else is an error.
    failure: { exitCode: 1, stderr: "ERROR connection is shut down\n", error: ModelError },
  },
  {
    row: "relation-get (unit)",
    call: (s) => relationGet(s, { ...REL, app: false, member: "mysql/0" }),
    argv: ["relation-get", "--format=json", "-r", "db:7", "-", "mysql/0"],
    stdout: '{"egress-subnets":"10.1.2.3/32","ingress-address":"10.1.2.3","private-address":"10.1.2.3"}\n',
    returns: {
      "egress-subnets": "10.1.2.3/32",
      "ingress-address": "10.1.2.3",
      "private-address": "10.1.2.3",
    },
    failure: {
      exitCode: 2,
      stderr: 'ERROR expected unit name, got application name "mysql"\n',
      error: HookToolUsageError,
    },
  },
  {
    row: "relation-get --app",
    call: (s) => relationGet(s, { ...REL, app: true, member: "mysql" }),
    argv: ["relation-get", "--format=json", "-r", "db:7", "--app", "-", "mysql"],
    stdout: '{"database":"garm","endpoints":"pg:5432"}\n',
    returns: { database: "garm", endpoints: "pg:5432" },
    failure: { exitCode: 1, stderr: "ERROR permission denied\n", error: PermissionDeniedError },
  },
  {
    row: "relation-set",
    call: (s) => relationSet(s, { ...REL, app: true, member: "garm" }, { database: "garm", stale: "" }),
    argv: ["relation-set", "-r", "db:7", "--app", "--file", "-"],
    stdin: '{"database":"garm","stale":""}',
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: "ERROR cannot write relation settings\n", error: PermissionDeniedError },
  },
  {
    row: "relation-model-get",
    call: (s) => relationModelGet(s, REL),
    argv: ["relation-model-get", "--format=json", "-r", "db:7"],
    stdout: '{"uuid":"5f3c1c3e-0000-4000-8000-00000000beef"}\n',
    returns: "5f3c1c3e-0000-4000-8000-00000000beef",
    failure: {
      exitCode: 2,
      stderr: 'ERROR invalid value "db:7" for option -r: relation not found\n',
      error: RelationNotFoundError,
    },
  },
  {
    row: "is-leader",
    call: isLeader,
    argv: ["is-leader", "--format=json"],
    stdout: "true\n",
    returns: true,
    failure: { exitCode: 1, stderr: "ERROR leadership status is unavailable\n", error: ModelError },
  },
  {
    row: "status-get (unit)",
    call: unitStatusGet,
    argv: ["status-get", "--include-data", "--format=json", "--application=false"],
    stdout: '{"status":"active","message":"ready","status-data":{}}\n',
    returns: { name: "active", message: "ready" },
    failure: { exitCode: 1, stderr: "ERROR cannot read unit status\n", error: ModelError },
  },
  {
    row: "status-get (app)",
    call: appStatusGet,
    argv: ["status-get", "--include-data", "--format=json", "--application=true"],
    stdout:
      '{"application-status":{"status":"blocked","message":"needs db","status-data":{},' +
      '"units":{"garm/0":{"status":"active","message":"","status-data":{}}}}}\n',
    returns: { name: "blocked", message: "needs db" },
    failure: { exitCode: 1, stderr: "ERROR this unit is not the leader\n", error: PermissionDeniedError },
  },
  {
    row: "status-set",
    call: (s) => statusSet(s, "unit", { name: "blocked", message: "-openstack-network is required" }),
    argv: ["status-set", "--application=false", "blocked", "--", "-openstack-network is required"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 2, stderr: 'ERROR invalid status "blocked"\n', error: HookToolUsageError },
  },
  {
    row: "application-version-set",
    call: (s) => applicationVersionSet(s, "v0.1.6"),
    argv: ["application-version-set", "--", "v0.1.6"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 2, stderr: "ERROR no version specified\n", error: HookToolUsageError },
  },
  {
    row: "juju-log",
    call: (s) => jujuLog(s, "WARNING", "--starts with dashes"),
    argv: ["juju-log", "--log-level", "WARNING", "--", "--starts with dashes"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: "ERROR cannot send log message\n", error: ModelError },
  },
  {
    row: "action-get",
    call: actionGet,
    argv: ["action-get", "--format=json"],
    stdout: '{"length":32,"opts":{"dry-run":true},"targets":["a","b"]}\n',
    returns: { length: 32, opts: { "dry-run": true }, targets: ["a", "b"] },
    failure: { exitCode: 1, stderr: "ERROR not running an action\n", error: ModelError },
  },
  {
    row: "action-set",
    call: (s) => actionSet(s, { password: "x", stats: { runners: 3 } }),
    argv: ["action-set", "password=x", "stats.runners=3"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 2, stderr: 'ERROR key "stats.runners" is not valid\n', error: HookToolUsageError },
  },
  {
    row: "action-log",
    call: (s) => actionLog(s, "-backing up"),
    argv: ["action-log", "--", "-backing up"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: "ERROR not running an action\n", error: ModelError },
  },
  {
    row: "action-fail",
    call: (s) => actionFail(s, "backup failed"),
    argv: ["action-fail", "--", "backup failed"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: "ERROR not running an action\n", error: ModelError },
  },
  {
    row: "network-get",
    call: (s) => networkGet(s, "db", 7),
    argv: ["network-get", "--format=json", "-r", "7", "db"],
    stdout:
      '{"bind-addresses":[{"mac-address":"","interface-name":"eth0","addresses":[{"hostname":"","value":"10.1.2.3","cidr":"10.1.2.0/24"}]}],' +
      '"egress-subnets":["10.1.2.3/32"],"ingress-addresses":["10.1.2.3"]}\n',
    returns: {
      bindAddresses: [
        {
          macAddress: "",
          interfaceName: "eth0",
          addresses: [{ hostname: "", value: "10.1.2.3", cidr: "10.1.2.0/24" }],
        },
      ],
      egressSubnets: ["10.1.2.3/32"],
      ingressAddresses: ["10.1.2.3"],
    },
    failure: { exitCode: 1, stderr: "ERROR relation not found\n", error: RelationNotFoundError },
  },
  {
    row: "open-port",
    call: (s) => openPort(s, { protocol: "tcp", port: 9997 }),
    argv: ["open-port", "9997/tcp"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 2, stderr: 'ERROR invalid port "70000/tcp"\n', error: HookToolUsageError },
  },
  {
    row: "close-port",
    call: (s) => closePort(s, { protocol: "icmp" }),
    argv: ["close-port", "icmp"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 2, stderr: 'ERROR invalid protocol "sctp"\n', error: HookToolUsageError },
  },
  {
    row: "opened-ports",
    call: openedPorts,
    argv: ["opened-ports", "--format=json"],
    stdout: '["80/tcp","icmp","8000-8999/udp"]\n',
    returns: [
      { protocol: "tcp", port: 80 },
      { protocol: "icmp" },
      { protocol: "udp", port: 8000, toPort: 8999 },
    ],
    failure: { exitCode: 1, stderr: "ERROR cannot read opened ports\n", error: ModelError },
  },
  {
    row: "secret-add",
    call: (s) =>
      secretAdd(
        s,
        { password: "pw" },
        { label: "db-pw", description: "d", rotate: "monthly", owner: "application" },
      ),
    argv: [
      "secret-add",
      "--label",
      "db-pw",
      "--description",
      "d",
      "--rotate",
      "monthly",
      "--owner",
      "application",
      SECRET_FILE,
    ],
    stdout: "secret://5f3c1c3e-0000-4000-8000-00000000beef/cs2qfkbm1hbt0bbq1qf0\n",
    returns: "secret://5f3c1c3e-0000-4000-8000-00000000beef/cs2qfkbm1hbt0bbq1qf0",
    failure: { exitCode: 1, stderr: "ERROR this unit is not the leader\n", error: PermissionDeniedError },
  },
  {
    row: "secret-get",
    call: (s) => secretGet(s, { id: "secret:cs2abc", label: "db-pw" }, "peek"),
    argv: ["secret-get", "--format=json", "secret:cs2abc", "--label", "db-pw", "--peek"],
    stdout: '{"password":"pw","username":"garm"}\n',
    returns: { password: "pw", username: "garm" },
    failure: { exitCode: 1, stderr: 'ERROR secret "cs2abc" not found\n', error: SecretNotFoundError },
  },
  {
    row: "secret-info-get",
    call: (s) => secretInfoGet(s, { label: "db-pw" }),
    argv: ["secret-info-get", "--format=json", "--label", "db-pw"],
    stdout:
      '{"cs2abc":{"revision":3,"label":"db-pw","owner":"application","description":"d","rotation":"monthly",' +
      '"expiry":"2025-01-01T00:00:00Z","rotates":"2024-12-01T00:00:00Z",' +
      '"access":[{"target":"application-cfg","scope":"relation-db:7","role":"view"}]}}\n',
    returns: {
      id: "cs2abc",
      revision: 3,
      label: "db-pw",
      owner: "application",
      description: "d",
      rotation: "monthly",
      expiry: "2025-01-01T00:00:00Z",
      rotates: "2024-12-01T00:00:00Z",
      access: [{ target: "application-cfg", scope: "relation-db:7", role: "view" }],
    },
    failure: { exitCode: 1, stderr: 'ERROR secret "db-pw" not found\n', error: SecretNotFoundError },
  },
  {
    row: "secret-set",
    call: (s) =>
      secretSet(s, "secret:cs2abc", { owner: "application", expire: "24h", content: { password: "n" } }),
    argv: ["secret-set", "--expire", "24h", "--owner", "application", "secret:cs2abc", SECRET_FILE],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: 'ERROR secret "cs2abc" not found\n', error: SecretNotFoundError },
  },
  {
    row: "secret-grant",
    call: (s) => secretGrant(s, "secret:cs2abc", 7, "cfg/0"),
    argv: ["secret-grant", "--relation", "7", "--unit", "cfg/0", "secret:cs2abc"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: "ERROR permission denied\n", error: PermissionDeniedError },
  },
  {
    row: "secret-revoke",
    call: (s) => secretRevoke(s, "secret:cs2abc", 7),
    argv: ["secret-revoke", "--relation", "7", "secret:cs2abc"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: 'ERROR secret "cs2abc" not found\n', error: SecretNotFoundError },
  },
  {
    row: "secret-remove",
    call: (s) => secretRemove(s, "secret:cs2abc", 2),
    argv: ["secret-remove", "secret:cs2abc", "--revision", "2"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: "ERROR secret revision 2 not found\n", error: SecretNotFoundError },
  },
  {
    row: "secret-ids",
    call: secretIds,
    argv: ["secret-ids", "--format=json"],
    stdout: '["cs2abc","cs2def"]\n',
    returns: ["cs2abc", "cs2def"],
    failure: { exitCode: 1, stderr: "ERROR cannot list secrets\n", error: ModelError },
  },
  {
    row: "state-get",
    call: stateGet,
    argv: ["state-get", "--format=json"],
    stdout: '{"admin-created":"true"}\n',
    returns: { "admin-created": "true" },
    failure: { exitCode: 1, stderr: "ERROR cannot read charm state\n", error: ModelError },
  },
  {
    row: "state-set",
    call: (s) => stateSet(s, { "jwt-rotated": "2026-01-01" }),
    argv: ["state-set", "--file", "-"],
    stdin: '{"jwt-rotated":"2026-01-01"}',
    stdout: "",
    returns: undefined,
    failure: { exitCode: 1, stderr: "ERROR value exceeds the maximum size\n", error: ModelError },
  },
  {
    row: "state-delete",
    call: (s) => stateDelete(s, "jwt-rotated"),
    argv: ["state-delete", "jwt-rotated"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 2, stderr: "ERROR no key specified\n", error: HookToolUsageError },
  },
  {
    row: "storage-get",
    call: (s) => storageGet(s, "data", 0),
    argv: ["storage-get", "--format=json", "-s", "data/0"],
    stdout: '{"kind":"filesystem","location":"/srv/data"}\n',
    returns: { kind: "filesystem", location: "/srv/data" },
    failure: { exitCode: 2, stderr: 'ERROR invalid storage ID "data/x"\n', error: HookToolUsageError },
  },
  {
    row: "storage-list",
    call: (s) => storageList(s, "data"),
    argv: ["storage-list", "--format=json", "data"],
    stdout: '["data/0","data/1"]\n',
    returns: ["data/0", "data/1"],
    failure: { exitCode: 1, stderr: "ERROR cannot list storage\n", error: ModelError },
  },
  {
    row: "storage-add",
    call: (s) => storageAdd(s, "data", 2),
    argv: ["storage-add", "data=2"],
    stdout: "",
    returns: undefined,
    failure: { exitCode: 2, stderr: 'ERROR storage "cache" not declared\n', error: HookToolUsageError },
  },
  {
    row: "goal-state",
    call: goalState,
    argv: ["goal-state", "--format=json"],
    stdout:
      '{"units":{"app/0":{"status":"active","since":"2024-05-01 10:00:00Z"}},' +
      '"relations":{"db":{"mysql":{"status":"joined","since":"2024-05-01 10:00:00Z"},"mysql/0":{"status":"joined"}}}}\n',
    returns: {
      units: { "app/0": { status: "active", since: "2024-05-01 10:00:00Z" } },
      relations: {
        db: { mysql: { status: "joined", since: "2024-05-01 10:00:00Z" }, "mysql/0": { status: "joined" } },
      },
    },
    failure: { exitCode: 1, stderr: "ERROR cannot read goal state\n", error: ModelError },
  },
  {
    row: "credential-get",
    call: credentialGet,
    argv: ["credential-get", "--format=json"],
    stdout:
      '{"type":"ec2","name":"aws","region":"us-east-1","endpoint":"https://ec2.us-east-1.amazonaws.com",' +
      '"credential":{"auth-type":"access-key","attrs":{"access-key":"AK"},"redacted":["secret-key"]},' +
      '"cacertificates":[],"skip-tls-verify":false,"is-controller-cloud":false}\n',
    returns: {
      type: "ec2",
      name: "aws",
      region: "us-east-1",
      endpoint: "https://ec2.us-east-1.amazonaws.com",
      credential: { "auth-type": "access-key", attrs: { "access-key": "AK" }, redacted: ["secret-key"] },
      cacertificates: [],
      "skip-tls-verify": false,
      "is-controller-cloud": false,
    },
    failure: { exitCode: 1, stderr: "ERROR permission denied\n", error: PermissionDeniedError },
  },
  {
    row: "resource-get",
    call: (s) => resourceGet(s, "garm-binary"),
    argv: ["resource-get", "garm-binary"],
    stdout: "/var/lib/juju/agents/unit-garm-0/resources/garm-binary/garm\n",
    returns: "/var/lib/juju/agents/unit-garm-0/resources/garm-binary/garm",
    failure: { exitCode: 1, stderr: "ERROR could not download resource\n", error: ModelError },
  },
];

/**
 * Rows of spec §2.2 the runtime deliberately does not wrap, and why. Together with CONTRACT this
 * must cover the whole table.
 */
const NOT_WRAPPED: Readonly<Record<string, string>> = {
  "juju-reboot": "machine charms only; this runtime targets Kubernetes sidecar charms",
  "leader-get / leader-set": "legacy; ops never calls them (peer-relation app data replaces them)",
  "pod-spec-set, add-metric": "legacy podspec and metrics charms",
};

/** Every row of the spec's §2.2 table, as named there. */
const SPEC_ROWS = [
  "config-get",
  "relation-ids",
  "relation-list",
  "relation-list --app",
  "relation-get",
  "relation-set",
  "relation-model-get",
  "is-leader",
  "status-get (unit)",
  "status-get (app)",
  "status-set",
  "application-version-set",
  "juju-log",
  "action-get",
  "action-set",
  "action-log",
  "action-fail",
  "network-get",
  "open-port / close-port",
  "opened-ports",
  "secret-add",
  "secret-get",
  "secret-info-get",
  "secret-set",
  "secret-grant",
  "secret-revoke",
  "secret-remove",
  "secret-ids",
  "state-get",
  "state-set",
  "state-delete",
  "storage-get",
  "storage-list",
  "storage-add",
  "goal-state",
  "credential-get",
  "resource-get",
  "juju-reboot",
  "leader-get / leader-set",
  "pod-spec-set, add-metric",
];

/** The §2.2 row a contract case belongs to (some rows have several cases). */
function specRowOf(row: string): string {
  if (row.startsWith("relation-get")) return "relation-get";
  if (row === "open-port" || row === "close-port") return "open-port / close-port";
  return row;
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "tool-contract-"));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function argvMatches(actual: readonly string[], expected: readonly (string | RegExp)[]): boolean {
  return (
    actual.length === expected.length &&
    expected.every((want, i) => (typeof want === "string" ? actual[i] === want : want.test(actual[i] ?? "")))
  );
}

describe("hook-tool contract (spec §2.2)", () => {
  it("covers every row of the spec's table, wrapped or deliberately left out", () => {
    const covered = new Set([...CONTRACT.map((c) => specRowOf(c.row)), ...Object.keys(NOT_WRAPPED)]);
    expect([...covered].sort()).toEqual([...SPEC_ROWS].sort());
  });

  describe.each(CONTRACT.map((c) => [c.row, c] as const))("%s", (_row, contract) => {
    it("passes the exact argv and parses the recorded output", async () => {
      const { runner, session } = recordingSession(tmp);
      const tool = contract.argv[0] as string;
      runner.on(tool, { stdout: contract.stdout });
      expect(await contract.call(session)).toEqual(contract.returns);
      expect(runner.calls).toHaveLength(1);
      const [call] = runner.calls;
      const actual = [call!.tool, ...call!.args];
      expect(argvMatches(actual, contract.argv), `argv was ${JSON.stringify(actual)}`).toBe(true);
      expect(call!.stdin).toBe(contract.stdin);
    });

    it(`turns the recorded failure into ${contract.failure.error.name}`, async () => {
      const { runner, session } = recordingSession(tmp);
      const tool = contract.argv[0] as string;
      runner.on(tool, { exitCode: contract.failure.exitCode, stderr: contract.failure.stderr });
      const error = await contract.call(session).then(
        () => undefined,
        (e: unknown) => e,
      );
      // The exact class, not a subclass: ModelError rows must not turn into something more specific.
      expect((error as Error).constructor).toBe(contract.failure.error);
      expect(error).toMatchObject({
        tool,
        exitCode: contract.failure.exitCode,
        stderr: contract.failure.stderr,
      });
      // The operator sees Juju's own words; stdin (relation data, charm state) is never in the message.
      expect((error as Error).message).toContain(contract.failure.stderr.trim());
      if (contract.stdin !== undefined) expect((error as Error).message).not.toContain(contract.stdin);
    });
  });

  it("answers undefined, not an error, for the app of a relation Juju no longer knows", async () => {
    const { runner, session } = recordingSession(tmp);
    runner.fail("relation-list", 'invalid value "db:7" for option -r: relation not found', 2);
    expect(await relationRemoteApp(session, REL)).toBeUndefined();
  });

  it("never passes --format to juju-log, relation-set, open-port or close-port", () => {
    const noFormat = new Set(["juju-log", "relation-set", "open-port", "close-port"]);
    for (const contract of CONTRACT.filter((c) => noFormat.has(c.argv[0] as string))) {
      expect(contract.argv.some((a) => typeof a === "string" && a.startsWith("--format"))).toBe(false);
    }
    const formatted = CONTRACT.filter(
      (c) => c.stdout.trim().startsWith("{") || c.stdout.trim().startsWith("["),
    );
    for (const contract of formatted) expect(contract.argv).toContain("--format=json");
  });

  it("accepts Juju's `null` for empty lists and maps", async () => {
    const nullable: readonly [string, (s: HookToolSession) => Promise<unknown>, unknown][] = [
      ["config-get", configGet, {}],
      ["relation-ids", (s) => relationIds(s, "db"), []],
      ["relation-list", (s) => relationList(s, REL), []],
      ["relation-get", (s) => relationGet(s, { ...REL, app: false, member: "mysql/0" }), {}],
      ["action-get", actionGet, {}],
      ["opened-ports", openedPorts, []],
      ["secret-ids", secretIds, []],
      ["state-get", stateGet, {}],
      ["storage-list", (s) => storageList(s), []],
    ];
    for (const [tool, call, empty] of nullable) {
      const { runner, session } = recordingSession(tmp);
      runner.on(tool, { stdout: "null\n" });
      expect(await call(session), tool).toEqual(empty);
    }
  });
});
