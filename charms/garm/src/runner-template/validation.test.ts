import { describe, expect, it } from "vitest";
import { UnsafeRunnerOptionError } from "./errors.js";
import { LIST_MAX_ENTRIES, SCRIPT_MAX_BYTES } from "@garm-charms/interfaces";
import {
  checkEnvValue,
  checkHttpUrl,
  checkIpv4Network,
  checkList,
  checkPortRange,
  checkPreJobScript,
} from "./validation.js";

function rejection(run: () => unknown): UnsafeRunnerOptionError {
  try {
    run();
  } catch (error) {
    if (error instanceof UnsafeRunnerOptionError) return error;
    throw error;
  }
  throw new Error("expected an UnsafeRunnerOptionError");
}

describe("checkHttpUrl", () => {
  it.each([
    ["http://proxy.example.com:3128", "proxy.example.com:3128"],
    ["https://mirror.example.com", "mirror.example.com"],
    ["http://user:p%40ss@proxy.example.com:3128/", "user:p%40ss@proxy.example.com:3128"],
    ["http://[::1]:3128", "[::1]:3128"],
    ["http://10.0.0.1:8080/path?q=1#f", "10.0.0.1:8080"],
  ])("accepts %s with authority %s", (url, authority) => {
    expect(checkHttpUrl("runner-http-proxy", url)).toEqual({ url, authority });
  });

  it.each([
    "ftp://example.com",
    "HTTP://example.com",
    "http:/example.com",
    "example.com:3128",
    "http://",
    "http://example.com:0",
    "http://example.com:65536",
    "http://example.com:",
    "http://exa mple.com",
    "http://example.com/\n",
    "http://example.com/\t",
    "http://example.com/\u00a0",
    "http://exämple.com",
    'http://example.com/"',
    "http://example.com/\\",
    "http://example.com/{{x}}",
    "http://example.com/`id`",
    "http://example.com/%zz",
    `http://example.com/${"a".repeat(2100)}`,
  ])("rejects %j", (url) => {
    const error = rejection(() => checkHttpUrl("dockerhub-mirror", url));
    expect(error.option).toBe("dockerhub-mirror");
    expect(error.message).toMatch(/^runner option dockerhub-mirror was rejected: /);
  });

  it("never puts the value in the message", () => {
    const secret = "http://user:hunter2@proxy example.com";
    expect(rejection(() => checkHttpUrl("runner-http-proxy", secret)).message).not.toContain("hunter2");
  });
});

describe("checkIpv4Network", () => {
  it.each(["10.0.0.0/8", "192.168.1.1", "0.0.0.0/0", "255.255.255.255/32", "172.16.0.0/12"])(
    "accepts %s",
    (t) => {
      expect(checkIpv4Network("aproxy-exclude-addresses", t)).toBe(t);
    },
  );

  it.each([
    "10.0.0.1/8",
    "256.0.0.0",
    "010.0.0.0/8",
    "10.0.0.0/33",
    "10.0.0/8",
    "::1",
    "fe80::/10",
    " 10.0.0.0/8",
    "10.0.0.0/08",
    "",
  ])("rejects %j", (token) => {
    expect(rejection(() => checkIpv4Network("aproxy-exclude-addresses", token)).option).toBe(
      "aproxy-exclude-addresses",
    );
  });
});

describe("checkPortRange", () => {
  it.each([
    ["80", "80"],
    ["1", "1"],
    ["65535", "65535"],
    ["1024-2048", "1024-2048"],
    ["443-443", "443"],
  ])("accepts %s as %s", (token, normalised) => {
    expect(checkPortRange("aproxy-redirect-ports", token)).toBe(normalised);
  });

  it.each([
    "0",
    "65536",
    "80-20",
    "0-80",
    "080",
    "80 - 90",
    " 80",
    "80,443",
    "-80",
    "+80",
    "1_000",
    "٨٠",
    "",
  ])("rejects %j", (token) => {
    expect(rejection(() => checkPortRange("aproxy-redirect-ports", token)).option).toBe(
      "aproxy-redirect-ports",
    );
  });
});

describe("checkList", () => {
  it("checks every entry and drops exact duplicates", () => {
    expect(checkList("aproxy-redirect-ports", ["80", "443", "80", "443-443"], checkPortRange)).toEqual([
      "80",
      "443",
    ]);
  });

  it("caps the number of entries", () => {
    const many = Array.from({ length: LIST_MAX_ENTRIES + 1 }, (_, i) => String(i + 1));
    expect(() => checkList("aproxy-redirect-ports", many, checkPortRange)).toThrow(UnsafeRunnerOptionError);
  });
});

describe("checkEnvValue and checkPreJobScript", () => {
  it.each(["a\nb", "a\rb", "a\u0000b", "a\u2028b", "a\u0085b", "a\u001bb"])(
    "an .env value rejects %j",
    (v) => {
      expect(() => checkEnvValue("otel-collector-endpoint", v)).toThrow(UnsafeRunnerOptionError);
    },
  );

  it("a pre-job script keeps newlines and any printable text", () => {
    expect(checkPreJobScript("pre-job-script", "echo 'a'\r\necho ${{ x }}\n")).toBe(
      "echo 'a'\r\necho ${{ x }}\n",
    );
  });

  it.each([
    ["NUL", "echo \u0000"],
    ["a lone surrogate", "echo \ud800"],
    ["an oversized script", "#".repeat(SCRIPT_MAX_BYTES + 1)],
  ])("a pre-job script with %s is rejected", (_name, script) => {
    expect(rejection(() => checkPreJobScript("pre-job-script", script)).option).toBe("pre-job-script");
  });
});
