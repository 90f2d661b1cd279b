import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  compressDashboardContent,
  dashboardAltUid,
  dashboardPath40Uid,
  decompressDashboardContent,
  fileDashboardContent,
  grafanaDashboardProviderAppData,
  prepareFileDashboard,
} from "./grafana-dashboard.js";

const topology = {
  model: "garm-model",
  modelUuid: "1a2b3c4d-0000-4000-8000-000000000000",
  application: "garm",
  unit: "garm/0",
};

/** The consumer's reader, cosl's `LZMABase64.decompress`, run by Python; undefined without python3. */
function pythonDecompress(content: string): string | undefined {
  const script =
    "import base64,lzma,sys;sys.stdout.write(lzma.decompress(base64.b64decode(sys.stdin.read().encode())).decode())";
  const run = spawnSync("python3", ["-c", script], { input: content, encoding: "utf8" });
  if (run.error !== undefined) return undefined;
  if (run.status !== 0) throw new Error(`python3 could not decode the content: ${run.stderr}`);
  return run.stdout;
}

describe("dashboard content compression (spec 7.4)", () => {
  const json = JSON.stringify({
    title: "GARM",
    panels: [{ expr: "sum(garm_runner_status) by (status)" }],
    é: "ü",
  });

  it("is base64 of an LZMA stream: one line, standard alphabet, padded", () => {
    const content = compressDashboardContent(json);
    expect(content).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(content.length % 4).toBe(0);
    // The legacy .lzma header: properties byte 0x5d (lc=3, lp=0, pb=2).
    expect(Buffer.from(content, "base64")[0]).toBe(0x5d);
    expect(decompressDashboardContent(content)).toBe(json);
  });

  it("decodes as the consumer decodes it (Python's lzma.decompress of b64decode)", () => {
    const content = compressDashboardContent(json);
    const decoded = pythonDecompress(content);
    if (decoded === undefined) {
      console.warn("python3 not found: checked with LZMA-JS's decoder only, not with Python's lzma");
      expect(decompressDashboardContent(content)).toBe(json);
      return;
    }
    expect(decoded).toBe(json);
  });
});

describe("dashboard uids (spec 7.2, 7.3)", () => {
  it("derives dashboard_alt_uid and the Path40 uid as the library does", () => {
    expect(dashboardAltUid("garm", "file:go")).toBe("0fe671c9a683b9ad");
    expect(dashboardPath40Uid("garm", "cos_merged/grafana_dashboards/go.json")).toBe(
      "24da004548f6cf247dc718b53e23a7ebcac6ff84",
    );
  });

  it("replaces a uid that is not Path40 in place and tags the charm once", () => {
    const prepared = prepareFileDashboard({ title: "t", uid: "abc", tags: [] }, "garm", "x/y.json");
    expect(Object.keys(prepared)).toEqual(["title", "uid", "tags"]);
    expect(prepared["uid"]).toBe(dashboardPath40Uid("garm", "x/y.json"));
    expect(prepared["tags"]).toEqual(["charm: garm"]);
    const kept = prepareFileDashboard({ uid: "a".repeat(40), tags: ["charm: other"] }, "garm", "p");
    expect(kept).toEqual({ uid: "a".repeat(40), tags: ["charm: other"] });
  });
});

describe("provider app databag (spec 7.2)", () => {
  it("takes a dashboard's content computed ahead as it is", () => {
    const dashboard = { title: "GARM", uid: "b".repeat(40), tags: ["charm: garm"] };
    const write = (content?: string) =>
      grafanaDashboardProviderAppData({
        charmName: "garm",
        topology,
        dashboards: [{ id: "file:garm", dashboard, ...(content === undefined ? {} : { content }) }],
        uuid: "3f0c0000-0000-4000-8000-000000000000",
      })["dashboards"]!;
    const ahead = fileDashboardContent(dashboard);
    expect(write(ahead)).toBe(write());
    const parsed = JSON.parse(write("QUJD")) as { templates: Record<string, { content: string }> };
    expect(parsed.templates["file:garm"]!.content).toBe("QUJD");
  });

  it("writes dashboards with the library's keys, key order and separators", () => {
    const dashboard = { title: "GARM", uid: "b".repeat(40), tags: ["charm: garm"] };
    const bag = grafanaDashboardProviderAppData({
      charmName: "garm",
      topology,
      dashboards: [{ id: "file:garm", dashboard }],
      uuid: "3f0c0000-0000-4000-8000-000000000000",
    });
    expect(Object.keys(bag)).toEqual(["dashboards"]);
    const raw = bag["dashboards"]!;
    const content = compressDashboardContent(
      '{"title": "GARM", "uid": "' + "b".repeat(40) + '", "tags": ["charm: garm"]}',
    );
    expect(raw).toBe(
      `{"templates": {"file:garm": {"charm": "garm", "content": "${content}", "juju_topology": {"model": "garm-model", "model_uuid": "1a2b3c4d-0000-4000-8000-000000000000", "application": "garm", "unit": "garm/0"}, "inject_dropdowns": true, "dashboard_alt_uid": "${dashboardAltUid("garm", "file:garm")}"}}, "uuid": "3f0c0000-0000-4000-8000-000000000000"}`,
    );
  });
});
