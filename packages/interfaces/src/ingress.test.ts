import { describe, it, expect } from "vitest";
import { ingressRequirerAppData, ingressRequirerUnitData, readIngressUrl } from "./ingress.js";

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
