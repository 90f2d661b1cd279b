import { describe, it, expect } from "vitest";
import {
  ingressDatabagRewrite,
  ingressRequirerAppData,
  ingressRequirerUnitData,
  readIngressUrl,
} from "./ingress.js";

describe("ingressRequirerAppData", () => {
  it("writes garm's request as JSON values, leaving defaults out", () => {
    expect(
      ingressRequirerAppData({ model: "garm-model", name: "garm", port: 8080, stripPrefix: true }),
    ).toEqual({
      model: '"garm-model"',
      name: '"garm"',
      port: "8080",
      "strip-prefix": "true",
    });
  });

  it("writes the non-default options", () => {
    const bag = ingressRequirerAppData({
      model: "m",
      name: "a",
      port: 443,
      redirectHttps: true,
      scheme: "https",
      stripPrefix: false,
    });
    expect(bag).toEqual({
      model: '"m"',
      name: '"a"',
      port: "443",
      "redirect-https": "true",
      scheme: '"https"',
    });
    expect(ingressRequirerAppData({ model: "m", name: "a", port: 80, scheme: "http" })).not.toHaveProperty(
      "scheme",
    );
  });

  it("every value parses back as JSON", () => {
    const bag = ingressRequirerAppData({ model: "garm-model", name: "garm", port: 8080, stripPrefix: true });
    expect(Object.fromEntries(Object.entries(bag).map(([k, v]) => [k, JSON.parse(v) as unknown]))).toEqual({
      model: "garm-model",
      name: "garm",
      port: 8080,
      "strip-prefix": true,
    });
  });

  it.each([0, 65535, 80.5])("refuses port %s", (port) => {
    expect(() => ingressRequirerAppData({ model: "m", name: "a", port })).toThrow();
  });
});

describe("ingressRequirerUnitData", () => {
  it("writes host and ip as JSON strings", () => {
    expect(
      ingressRequirerUnitData({
        host: "garm-0.garm-endpoints.garm-model.svc.cluster.local",
        ip: "10.1.42.7",
      }),
    ).toEqual({ host: '"garm-0.garm-endpoints.garm-model.svc.cluster.local"', ip: '"10.1.42.7"' });
  });

  it("leaves ip out when unknown and refuses a bad one", () => {
    expect(ingressRequirerUnitData({ host: "garm-0" })).toEqual({ host: '"garm-0"' });
    expect(() => ingressRequirerUnitData({ host: "garm-0", ip: "not-an-ip" })).toThrow();
  });
});

describe("readIngressUrl", () => {
  it("reads the published URL", () => {
    expect(readIngressUrl({ ingress: '{"url": "http://ingress.example.com/garm-model-garm"}' })).toEqual({
      ok: true,
      value: "http://ingress.example.com/garm-model-garm",
    });
  });

  it("is incomplete before the provider answers", () => {
    expect(readIngressUrl({})).toMatchObject({ ok: false, state: "incomplete" });
    expect(readIngressUrl({ ingress: "" })).toMatchObject({ ok: false, state: "incomplete" });
  });

  it.each([
    "not json",
    '"http://x"',
    '{"url": 5}',
    '{"url": "ftp://host/x"}',
    '{"url": "http://host/a b"}',
    '{"url": "http://host/\\nx"}',
    '{"url": "javascript:alert(1)"}',
  ])("rejects %s as invalid", (raw) => {
    expect(readIngressUrl({ ingress: raw })).toMatchObject({ ok: false, state: "invalid" });
  });
});

describe("ingress golden databags (spec 2.2-2.4)", () => {
  it("writes the spec's requirer app databag byte for byte", () => {
    expect(
      ingressRequirerAppData({ model: "garm-model", name: "garm", port: 8080, stripPrefix: true }),
    ).toStrictEqual({ model: '"garm-model"', name: '"garm"', port: "8080", "strip-prefix": "true" });
  });

  it("writes the spec's requirer unit databag byte for byte", () => {
    expect(
      ingressRequirerUnitData({
        host: "garm-0.garm-endpoints.garm-model.svc.cluster.local",
        ip: "10.1.42.7",
      }),
    ).toStrictEqual({ host: '"garm-0.garm-endpoints.garm-model.svc.cluster.local"', ip: '"10.1.42.7"' });
  });

  it("reads the spec's provider app databag", () => {
    expect(
      readIngressUrl({ ingress: '{"url": "http://ingress.example.com/garm-model-garm"}' }),
    ).toStrictEqual({
      ok: true,
      value: "http://ingress.example.com/garm-model-garm",
    });
  });

  it("reads a URL pydantic normalised with a trailing slash, and ignores unknown provider keys", () => {
    expect(readIngressUrl({ ingress: '{"url": "https://garm.example.com/"}', other: "x" })).toStrictEqual({
      ok: true,
      value: "https://garm.example.com/",
    });
  });

  it("is not ready when the provider withdrew the URL (no ingress key, as wipe_ingress_data leaves it)", () => {
    expect(readIngressUrl({ other: '"x"' })).toMatchObject({ ok: false, state: "incomplete" });
  });
});

describe("ingressDatabagRewrite (dump(clear=True))", () => {
  it("removes keys of an earlier request and keeps the new ones", () => {
    const current = {
      model: '"garm-model"',
      name: '"garm"',
      port: "8080",
      "redirect-https": "true",
      scheme: '"https"',
    };
    const next = ingressRequirerAppData({ model: "garm-model", name: "garm", port: 8080, stripPrefix: true });
    expect(ingressDatabagRewrite(current, next)).toStrictEqual({
      data: { ...next, "redirect-https": "", scheme: "" },
      removedKeys: ["redirect-https", "scheme"],
    });
  });

  it("leaves Juju's own unit keys alone and removes nothing when the bag already matches", () => {
    const next = ingressRequirerUnitData({ host: "garm-0", ip: "10.1.42.7" });
    const current = {
      ...next,
      "ingress-address": "10.1.42.7",
      "private-address": "10.1.42.7",
      "egress-subnets": "",
    };
    expect(ingressDatabagRewrite(current, next)).toStrictEqual({ data: next, removedKeys: [] });
  });

  it("removes a stale ip once the unit has none", () => {
    const write = ingressDatabagRewrite(
      { host: '"garm-0"', ip: '"10.1.42.7"' },
      ingressRequirerUnitData({ host: "garm-0" }),
    );
    expect(write.removedKeys).toEqual(["ip"]);
    expect(write.data).toStrictEqual({ host: '"garm-0"', ip: "" });
  });
});
