/**
 * Wire compatibility of the garm charm's library-backed relations, hook by hook: what ends up in
 * each databag after the charm ran, compared with what the Python libraries write (postgresql_client
 * data_interfaces v0, traefik_k8s v2 ingress, prometheus_scrape MetricsEndpointProvider, debug-ssh).
 * Pebble is left unreachable, so every hook stops after publishing: only the relation side runs.
 */
import {
  container,
  DEFAULT_UNIT_DATA,
  events,
  getRelation,
  relation,
  state,
  type NetworkState,
  type RelationState,
  type State,
} from "@garm-charms/charm-testing";
import { describe, expect, it } from "vitest";
import { garmAlertRules } from "../src/cos/alert-rules.js";
import { fqdnFromHosts } from "../src/relations/publications.js";
import { configurator, dbUserSecret, garmContext } from "./fixtures.js";
import { plannerBag } from "./planner-fixtures.js";

const MODEL = { name: "garm-model", uuid: "1a2b3c4d-0000-4000-8000-000000000000", type: "caas" } as const;
const UNIT_ADDRESS = "10.1.42.7";
const UNIT_FQDN = "garm-0.garm-endpoints.garm-model.svc.cluster.local";
const REQUESTED_SECRETS =
  '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]';

/** A binding whose bind address is the unit's pod IP, as network-get reports it on Kubernetes. */
function podNetwork(binding: string, address = UNIT_ADDRESS): NetworkState {
  return {
    binding,
    bindAddresses: [{ interfaceName: "eth0", addresses: [{ value: address, cidr: `${address}/32` }] }],
    ingressAddresses: [address],
    egressSubnets: [`${address}/32`],
  };
}

/** Pebble down: the charm publishes its relation data, then waits; no GARM is contacted. */
function wireState(options: {
  leader: boolean;
  relations: RelationState[];
  networks?: NetworkState[];
}): State {
  return state({
    leader: options.leader,
    model: MODEL,
    relations: options.relations,
    secrets: [dbUserSecret],
    containers: [container({ name: "garm", canConnect: false })],
    networks: options.networks ?? [podNetwork("ingress"), podNetwork("metrics-endpoint")],
  });
}

/** Nothing answers there: GARM is started and probed without a configurator, so give up fast. */
const context = (unitId = 0) =>
  garmContext(
    {
      garmUrl: "http://127.0.0.1:9",
      requestTimeoutMs: 500,
      timings: { readyTimeoutMs: 200, readyIntervalMs: 50 },
    },
    unitId,
  );

function relationOut(out: State, id: number): RelationState {
  const found = getRelation(out, id);
  if (found === undefined) throw new Error(`relation ${String(id)} missing from the output state`);
  return found;
}

describe("postgresql_client (data_interfaces v0 requirer)", () => {
  const fresh = relation({ endpoint: "postgresql", id: 7, remoteAppName: "postgresql-k8s" });

  it("leader, relation-created: the spec's app and unit databags, byte for byte", async () => {
    const ctx = await context();
    const out = await ctx.run(events.relationCreated(fresh), wireState({ leader: true, relations: [fresh] }));
    const db = relationOut(out, 7);
    expect(db.localAppData).toStrictEqual({
      database: "garm",
      "requested-secrets": REQUESTED_SECRETS,
      "provided-secrets": '["mtls-cert"]',
    });
    expect(db.localUnitData).toStrictEqual({
      ...DEFAULT_UNIT_DATA,
      "requested-secrets": REQUESTED_SECRETS,
      "provided-secrets": '["mtls-cert"]',
    });
    // One relation-set per bag: database and requested-secrets reach the provider together.
    const sets = ctx.hookToolCalls.filter(
      (call) => call.tool === "relation-set" && call.args.includes("postgresql:7"),
    );
    expect(sets.map((call) => call.args.includes("--app"))).toEqual([true, false]);
    expect(Object.keys(db.localAppData)).not.toContain("version");
  });

  it("non-leader: writes nothing to either databag", async () => {
    const ctx = await context(1);
    const out = await ctx.run(
      events.relationCreated(fresh),
      wireState({ leader: false, relations: [fresh] }),
    );
    const db = relationOut(out, 7);
    expect(db.localAppData).toStrictEqual({});
    expect(db.localUnitData).toStrictEqual(DEFAULT_UNIT_DATA);
  });

  it("removes the Python library's `data` snapshot left in the unit databag, on every unit", async () => {
    const snapshot =
      '{"database": "garm", "endpoints": "postgresql-k8s-primary.db.svc.cluster.local:5432", "secret-user": "secret:d1k2abcdefghijklmnop"}';
    const upgraded = relation({
      endpoint: "postgresql",
      id: 7,
      remoteAppName: "postgresql-k8s",
      localUnitData: { data: snapshot },
    });
    for (const [unitId, leader] of [
      [0, true],
      [1, false],
    ] as const) {
      const ctx = await context(unitId);
      const out = await ctx.run(events.upgradeCharm(), wireState({ leader, relations: [upgraded] }));
      expect(relationOut(out, 7).localUnitData).not.toHaveProperty("data");
    }
  });

  it("reads credentials from secret-user with --refresh (tracks rotated passwords)", async () => {
    const answered = relation({
      endpoint: "postgresql",
      id: 7,
      remoteAppName: "postgresql-k8s",
      remoteAppData: {
        database: "garm",
        endpoints: "postgresql-k8s-primary.db.svc.cluster.local:5432",
        "read-only-endpoints": "postgresql-k8s-replicas.db.svc.cluster.local:5432",
        version: "16.9",
        "secret-user": dbUserSecret.id,
      },
    });
    const ctx = await context();
    const input = state({
      ...wireState({ leader: true, relations: [answered] }),
      containers: [container({ name: "garm" })],
    });
    await ctx.run(events.relationChanged(answered), input);
    const reads = ctx.hookToolCalls.filter(
      (call) => call.tool === "secret-get" && call.args.includes(dbUserSecret.id),
    );
    // As ops: a lookup (secret-get without flags) to get the Secret, then the content with --refresh.
    expect(reads.at(-1)?.args).toContain("--refresh");
  });

  it("relation-broken: leaves both databags and the provider's secret alone", async () => {
    const answered = relation({
      endpoint: "postgresql",
      id: 7,
      remoteAppName: "postgresql-k8s",
      localAppData: {
        database: "garm",
        "requested-secrets": REQUESTED_SECRETS,
        "provided-secrets": '["mtls-cert"]',
      },
      remoteAppData: { database: "garm", endpoints: "db:5432", "secret-user": dbUserSecret.id },
    });
    const ctx = await context();
    const input = wireState({ leader: true, relations: [answered] });
    const out = await ctx.run(events.relationBroken(answered), input);
    const writes = ["relation-set", "secret-remove", "secret-revoke"];
    expect(ctx.hookToolCalls.filter((call) => writes.includes(call.tool))).toEqual([]);
    expect(out.secrets.find((s) => s.id === dbUserSecret.id)).toEqual(dbUserSecret);
  });
});

describe("ingress (traefik_k8s v2 IngressPerAppRequirer)", () => {
  const traefik = relation({ endpoint: "ingress", id: 30, remoteAppName: "traefik" });
  /** The spec's requirer databags for this leader, byte for byte (every value JSON-encoded). */
  const LEADER_INGRESS_APP_DATA = {
    model: '"garm-model"',
    name: '"garm"',
    port: "8080",
    "strip-prefix": "true",
  };
  const leaderIngressUnitData = () => ({
    ...DEFAULT_UNIT_DATA,
    host: `"${UNIT_FQDN}"`,
    ip: `"${UNIT_ADDRESS}"`,
  });

  it("leader: the spec's app and unit databags, byte for byte", async () => {
    const ctx = await context();
    const out = await ctx.run(
      events.relationChanged(traefik),
      wireState({ leader: true, relations: [traefik] }),
    );
    const ingress = relationOut(out, 30);
    expect(ingress.localAppData).toStrictEqual(LEADER_INGRESS_APP_DATA);
    expect(ingress.localUnitData).toStrictEqual(leaderIngressUnitData());
  });

  it("non-leader: only its own unit databag", async () => {
    const ctx = await context(1);
    const out = await ctx.run(
      events.relationChanged(traefik),
      wireState({ leader: false, relations: [traefik], networks: [podNetwork("ingress", "10.1.42.8")] }),
    );
    const ingress = relationOut(out, 30);
    expect(ingress.localAppData).toStrictEqual({});
    expect(ingress.localUnitData).toStrictEqual({
      ...DEFAULT_UNIT_DATA,
      host: '"garm-1.garm-endpoints.garm-model.svc.cluster.local"',
      ip: '"10.1.42.8"',
    });
  });

  it("rewrites each bag whole, as dump(clear=True): keys of an older request disappear", async () => {
    const stale = relation({
      endpoint: "ingress",
      id: 30,
      remoteAppName: "traefik",
      localAppData: {
        model: '"garm-model"',
        name: '"garm"',
        port: "8081",
        "redirect-https": "true",
        healthcheck_params: '{"path": "/healthz"}',
      },
      localUnitData: { host: '"old-host"', ip: '"10.9.9.9"', legacy: "x" },
    });
    const ctx = await context();
    const out = await ctx.run(events.upgradeCharm(), wireState({ leader: true, relations: [stale] }));
    const ingress = relationOut(out, 30);
    expect(ingress.localAppData).toStrictEqual(LEADER_INGRESS_APP_DATA);
    expect(ingress.localUnitData).toStrictEqual(leaderIngressUnitData());
  });

  it("relation-broken: clears nothing", async () => {
    const published = relation({
      endpoint: "ingress",
      id: 30,
      remoteAppName: "traefik",
      localAppData: LEADER_INGRESS_APP_DATA,
      remoteAppData: { ingress: '{"url": "http://ingress.example.com/garm-model-garm"}' },
    });
    const ctx = await context();
    const input = wireState({ leader: true, relations: [published] });
    const out = await ctx.run(events.relationBroken(published), input);
    expect(relationOut(out, 30)).toEqual(published);
    expect(ctx.hookToolCalls.filter((call) => call.tool === "relation-set")).toEqual([]);
  });
});

describe("prometheus_scrape (MetricsEndpointProvider)", () => {
  const prometheus = relation({ endpoint: "metrics-endpoint", id: 31, remoteAppName: "prometheus" });

  it("leader: the spec's app databag byte for byte and its unit databag", async () => {
    const ctx = await context();
    const out = await ctx.run(
      events.relationJoined(prometheus),
      wireState({ leader: true, relations: [prometheus] }),
    );
    const metrics = relationOut(out, 31);
    expect(metrics.localAppData).toStrictEqual({
      scrape_metadata:
        '{"model": "garm-model", "model_uuid": "1a2b3c4d-0000-4000-8000-000000000000", "application": "garm", "unit": "garm/0", "charm_name": "garm"}',
      scrape_jobs:
        '[{"metrics_path": "/metrics", "static_configs": [{"targets": ["*:8080"]}], "job_name": "garm"}]',
      // Issue 16: cosl's HostHealth group and the charm's own, for this topology (was `{"groups": []}`).
      alert_rules: expect.any(String),
    });
    expect(JSON.parse(metrics.localAppData["alert_rules"] ?? "")).toEqual(
      garmAlertRules({
        model: "garm-model",
        modelUuid: "1a2b3c4d-0000-4000-8000-000000000000",
        application: "garm",
        charmName: "garm",
      }),
    );
    expect(metrics.localAppData["alert_rules"]).toMatch(
      /^\{"groups": \[\{"name": "garm_model_1a2b3c4d_garm_HostHealth_rules", "rules": \[\{"alert": "HostDown", "expr": "up < 1", "for": "5m", "labels": \{"severity": "critical", "juju_model": "garm-model"/,
    );
    // prometheus_scrape_unit_path is "" in the library's write, which Juju stores as no key at all.
    expect(metrics.localUnitData).toStrictEqual({
      ...DEFAULT_UNIT_DATA,
      prometheus_scrape_unit_address: UNIT_ADDRESS,
      prometheus_scrape_unit_name: "garm/0",
      prometheus_scrape_unit_fqdn: UNIT_FQDN,
    });
  });

  it("leader with a planner link: adds the pressure reconciler's job on the leader's address", async () => {
    const ctx = await context();
    const linked = configurator({ 0: plannerBag() });
    const out = await ctx.run(
      events.relationJoined(prometheus),
      wireState({ leader: true, relations: [prometheus, linked] }),
    );
    expect(relationOut(out, 31).localAppData["scrape_jobs"]).toBe(
      '[{"metrics_path": "/metrics", "static_configs": [{"targets": ["*:8080"]}], "job_name": "garm"}, ' +
        '{"metrics_path": "/metrics", "static_configs": [{"targets": ["10.1.42.7:9464"]}], "job_name": "pressure-reconciler"}]',
    );
  });

  it("leader with a planner link on IPv6: the reconciler's target brackets the address", async () => {
    const ctx = await context();
    const out = await ctx.run(
      events.configChanged(),
      wireState({
        leader: true,
        relations: [prometheus, configurator({ 0: plannerBag() })],
        networks: [podNetwork("metrics-endpoint", "fd00::7")],
      }),
    );
    const jobs: unknown = JSON.parse(relationOut(out, 31).localAppData["scrape_jobs"] ?? "");
    expect(jobs).toContainEqual({
      metrics_path: "/metrics",
      static_configs: [{ targets: ["[fd00::7]:9464"] }],
      job_name: "pressure-reconciler",
    });
  });

  it("non-leader: its unit databag only, with its own name and address", async () => {
    const ctx = await context(1);
    const out = await ctx.run(
      events.relationJoined(prometheus),
      wireState({
        leader: false,
        relations: [prometheus],
        networks: [podNetwork("metrics-endpoint", "10.1.42.8")],
      }),
    );
    const metrics = relationOut(out, 31);
    expect(metrics.localAppData).toStrictEqual({});
    expect(metrics.localUnitData).toStrictEqual({
      ...DEFAULT_UNIT_DATA,
      prometheus_scrape_unit_address: "10.1.42.8",
      prometheus_scrape_unit_name: "garm/1",
      prometheus_scrape_unit_fqdn: "garm-1.garm-endpoints.garm-model.svc.cluster.local",
    });
  });

  it("publishes to every metrics-endpoint relation (the endpoint has no limit)", async () => {
    const second = relation({ endpoint: "metrics-endpoint", id: 32, remoteAppName: "grafana-agent" });
    const ctx = await context();
    const out = await ctx.run(
      events.configChanged(),
      wireState({ leader: true, relations: [prometheus, second] }),
    );
    expect(relationOut(out, 32).localAppData).toStrictEqual(relationOut(out, 31).localAppData);
    expect(relationOut(out, 32).localAppData["scrape_jobs"]).toContain('"*:8080"');
  });

  it("leader, relation-changed: logs what Prometheus rejected, quoted", async () => {
    const complaining = relation({
      endpoint: "metrics-endpoint",
      id: 31,
      remoteAppName: "prometheus",
      remoteAppData: {
        event:
          '{"valid": false, "errors": "rule X: bad expr\\nforged line", "scrape_job_errors": "job garm: bad"}',
      },
    });
    const ctx = await context();
    await ctx.run(events.relationChanged(complaining), wireState({ leader: true, relations: [complaining] }));
    const warnings = ctx.jujuLog.filter((line) => line.level === "WARNING").map((line) => line.message);
    expect(warnings).toContain(
      "prometheus rejected the published alert rules: 'rule X: bad expr\\x0aforged line'",
    );
    expect(warnings).toContain("prometheus rejected the published scrape jobs: 'job garm: bad'");
  });

  it("relation-broken: nothing is written or cleared", async () => {
    const ctx = await context();
    const joined = await ctx.run(
      events.relationJoined(prometheus),
      wireState({ leader: true, relations: [prometheus] }),
    );
    const published = relationOut(joined, 31);
    const out = await ctx.run(events.relationBroken(published), joined);
    expect(relationOut(out, 31)).toEqual(published);
    expect(ctx.hookToolCalls.filter((call) => call.tool === "relation-set")).toEqual([]);
  });
});

describe("debug-ssh (requirer of tmate-ssh-server)", () => {
  it("writes nothing to the relation, whatever the hook", async () => {
    const tmate = relation({
      endpoint: "debug-ssh",
      id: 40,
      remoteAppName: "tmate-ssh-server",
      remoteUnitsData: {
        0: {
          host: "10.20.30.40",
          port: "10022",
          rsa_fingerprint: "SHA256:pj9Zp0ZbXvQk1n2m3b4v5c6x7z8a9s0d1f2g3h4j5kQ",
          ed25519_fingerprint: "SHA256:G7hXrYc0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r",
        },
      },
    });
    for (const event of [
      events.relationCreated(tmate),
      events.relationJoined(tmate),
      events.relationChanged(tmate),
      events.relationBroken(tmate),
    ]) {
      const ctx = await context();
      const out = await ctx.run(event, wireState({ leader: true, relations: [tmate] }));
      const debug = relationOut(out, 40);
      expect(debug.localAppData).toStrictEqual({});
      expect(debug.localUnitData).toStrictEqual(DEFAULT_UNIT_DATA);
    }
  });
});

describe("fqdnFromHosts (socket.getfqdn() in a StatefulSet pod)", () => {
  it("finds the name kubelet wrote for the pod, whatever the cluster domain", () => {
    const hosts = [
      "# Kubernetes-managed hosts file.",
      "127.0.0.1\tlocalhost",
      "::1\tlocalhost ip6-localhost ip6-loopback",
      "10.1.42.7\tgarm-0.garm-endpoints.garm-model.svc.k8s.example.internal\tgarm-0",
    ].join("\n");
    expect(fqdnFromHosts(hosts, "garm-0")).toBe("garm-0.garm-endpoints.garm-model.svc.k8s.example.internal");
  });

  it("does not take another pod's line, a comment or a malformed name", () => {
    const hosts = [
      "10.1.42.8 garm-1.garm-endpoints.garm-model.svc.cluster.local garm-1",
      "# 10.1.42.7 garm-0.commented.out garm-0",
      "10.1.42.7 garm-0.bad_name..local garm-0",
    ].join("\n");
    expect(fqdnFromHosts(hosts, "garm-0")).toBeUndefined();
    expect(fqdnFromHosts("", "garm-0")).toBeUndefined();
  });
});
