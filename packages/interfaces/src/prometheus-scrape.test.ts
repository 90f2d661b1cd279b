import { describe, it, expect } from "vitest";
import {
  garmScrapeJobs,
  prometheusScrapeAppData,
  prometheusScrapeUnitData,
  readPrometheusScrapeAppData,
  readScrapeConsumerVerdict,
  type ScrapeJob,
} from "./prometheus-scrape.js";

const topology = {
  model: "garm-model",
  modelUuid: "1a2b3c4d-0000-4000-8000-000000000000",
  application: "garm",
  unit: "garm/0",
  charmName: "garm",
};

describe("prometheusScrapeAppData", () => {
  it("publishes garm's job, topology and alert rules as JSON documents", () => {
    const bag = prometheusScrapeAppData({ topology, jobs: garmScrapeJobs(8080) });
    expect(JSON.parse(bag["scrape_metadata"]!)).toEqual({
      model: "garm-model",
      model_uuid: "1a2b3c4d-0000-4000-8000-000000000000",
      application: "garm",
      unit: "garm/0",
      charm_name: "garm",
    });
    expect(Object.keys(JSON.parse(bag["scrape_metadata"]!) as object)).toEqual([
      "model",
      "model_uuid",
      "application",
      "unit",
      "charm_name",
    ]);
    expect(JSON.parse(bag["scrape_jobs"]!)).toEqual([
      { metrics_path: "/metrics", static_configs: [{ targets: ["*:8080"] }], job_name: "garm" },
    ]);
    expect(JSON.parse(bag["alert_rules"]!)).toEqual({ groups: [] });
  });

  it("keeps the library's key order: default job keys first, then the job's own", () => {
    const bag = prometheusScrapeAppData({ topology, jobs: garmScrapeJobs(8080) });
    const [job] = JSON.parse(bag["scrape_jobs"]!) as Record<string, unknown>[];
    expect(Object.keys(job!)).toEqual(["metrics_path", "static_configs", "job_name"]);
  });

  it("drops keys the library does not allow and fills defaults", () => {
    const job = { job_name: "x", honor_labels: true } as ScrapeJob;
    const bag = prometheusScrapeAppData({ topology, jobs: [job] });
    expect(JSON.parse(bag["scrape_jobs"]!)).toEqual([
      { metrics_path: "/metrics", static_configs: [{ targets: ["*:80"] }], job_name: "x" },
    ]);
  });

  it("publishes the default job when there is none", () => {
    const bag = prometheusScrapeAppData({ topology, jobs: [] });
    expect(JSON.parse(bag["scrape_jobs"]!)).toEqual([
      { metrics_path: "/metrics", static_configs: [{ targets: ["*:80"] }] },
    ]);
  });

  it("publishes given alert rule groups", () => {
    const alertRules = { groups: [{ name: "garm_rules", rules: [{ alert: "GarmDown", expr: "up == 0" }] }] };
    const bag = prometheusScrapeAppData({ topology, jobs: garmScrapeJobs(8080), alertRules });
    expect(JSON.parse(bag["alert_rules"]!)).toEqual(alertRules);
  });
});

describe("prometheus_scrape golden databags (spec 3.1)", () => {
  // The spec's garm example, as MetricsEndpointProvider writes it (json.dumps, default separators).
  it("writes scrape_metadata and scrape_jobs byte for byte as the Python library", () => {
    const bag = prometheusScrapeAppData({ topology, jobs: garmScrapeJobs(8080) });
    expect(bag["scrape_metadata"]).toBe(
      '{"model": "garm-model", "model_uuid": "1a2b3c4d-0000-4000-8000-000000000000", "application": "garm", "unit": "garm/0", "charm_name": "garm"}',
    );
    expect(bag["scrape_jobs"]).toBe(
      '[{"metrics_path": "/metrics", "static_configs": [{"targets": ["*:8080"]}], "job_name": "garm"}]',
    );
    expect(Object.keys(bag).sort()).toEqual(["alert_rules", "scrape_jobs", "scrape_metadata"]);
  });

  it('writes alert_rules as {"groups": [{"name", "rules"}]}', () => {
    const alertRules = {
      groups: [
        {
          name: "garm_model_1a2b3c4d_garm_HostHealth_rules",
          rules: [{ alert: "HostDown", expr: "up < 1", for: "5m", labels: { severity: "critical" } }],
        },
      ],
    };
    const bag = prometheusScrapeAppData({ topology, jobs: garmScrapeJobs(8080), alertRules });
    expect(bag["alert_rules"]).toBe(
      '{"groups": [{"name": "garm_model_1a2b3c4d_garm_HostHealth_rules", "rules": [{"alert": "HostDown", "expr": "up < 1", "for": "5m", "labels": {"severity": "critical"}}]}]}',
    );
    expect(prometheusScrapeAppData({ topology, jobs: [] })["alert_rules"]).toBe('{"groups": []}');
  });

  it("sanitises like a dict update: default keys keep their place, the job's keys follow in its order", () => {
    const job = {
      scrape_interval: "30s",
      job_name: "garm",
      static_configs: [{ labels: { team: "ci" }, targets: ["*:8080"] }],
    };
    const bag = prometheusScrapeAppData({ topology, jobs: [job] });
    expect(bag["scrape_jobs"]).toBe(
      '[{"metrics_path": "/metrics", "static_configs": [{"labels": {"team": "ci"}, "targets": ["*:8080"]}], "scrape_interval": "30s", "job_name": "garm"}]',
    );
  });

  it("writes the spec's unit databag exactly", () => {
    expect(
      prometheusScrapeUnitData({
        address: "10.1.42.7",
        unitName: "garm/0",
        fqdn: "garm-0.garm-endpoints.garm-model.svc.cluster.local",
      }),
    ).toStrictEqual({
      prometheus_scrape_unit_address: "10.1.42.7",
      prometheus_scrape_unit_name: "garm/0",
      prometheus_scrape_unit_path: "",
      prometheus_scrape_unit_fqdn: "garm-0.garm-endpoints.garm-model.svc.cluster.local",
    });
  });
});

describe("prometheusScrapeUnitData", () => {
  it("writes plain strings", () => {
    expect(
      prometheusScrapeUnitData({
        address: "10.1.42.7",
        unitName: "garm/0",
        fqdn: "garm-0.garm-endpoints.garm-model.svc.cluster.local",
      }),
    ).toEqual({
      prometheus_scrape_unit_address: "10.1.42.7",
      prometheus_scrape_unit_name: "garm/0",
      prometheus_scrape_unit_path: "",
      prometheus_scrape_unit_fqdn: "garm-0.garm-endpoints.garm-model.svc.cluster.local",
    });
  });
});

describe("readPrometheusScrapeAppData", () => {
  it("round-trips what the provider writes", () => {
    const bag = prometheusScrapeAppData({ topology, jobs: garmScrapeJobs(8080) });
    const read = readPrometheusScrapeAppData(bag);
    expect(read.ok && read.value.topology).toEqual(topology);
    expect(read.ok && read.value.jobs[0]?.static_configs).toEqual([{ targets: ["*:8080"] }]);
  });

  it("is incomplete on an empty bag and invalid on garbage", () => {
    expect(readPrometheusScrapeAppData({})).toMatchObject({ ok: false, state: "incomplete" });
    const bag = { ...prometheusScrapeAppData({ topology, jobs: [] }), scrape_jobs: "{not json" };
    expect(readPrometheusScrapeAppData(bag)).toMatchObject({
      ok: false,
      state: "invalid",
      problems: [{ key: "scrape_jobs" }],
    });
  });
});

describe("readScrapeConsumerVerdict (spec 3.2)", () => {
  it("reads the consumer's event document", () => {
    expect(
      readScrapeConsumerVerdict({
        event:
          '{"valid": false, "errors": "bad expr in rule X", "scrape_job_errors": "job garm: bad target"}',
      }),
    ).toStrictEqual({ valid: false, errors: "bad expr in rule X", scrapeJobErrors: "job garm: bad target" });
    expect(readScrapeConsumerVerdict({ event: '{"valid": true, "errors": ""}' })).toStrictEqual({
      valid: true,
      errors: "",
      scrapeJobErrors: "",
    });
  });

  it.each<Record<string, string>>([
    {},
    { event: "" },
    { event: "{}" },
    { event: "not json" },
    { event: '{"valid": "no"}' },
  ])("says nothing for %j", (bag) => {
    expect(readScrapeConsumerVerdict(bag)).toBeUndefined();
  });
});
