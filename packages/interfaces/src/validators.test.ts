import { describe, expect, it } from "vitest";
import {
  checkHttpUrl,
  checkIPv4Network,
  formatPortRanges,
  isGithubOrgName,
  isGithubRepoName,
  isSecretUri,
  parseIPv4NetworkList,
  parseNonNegativeInteger,
  parsePortRange,
  parsePortRangeList,
  normaliseHttpUrl,
  quoteForMessage,
  stripWhitespace,
} from "./validators.js";

describe("checkHttpUrl", () => {
  it.each([
    "http://proxy.example:3128",
    "https://mirror.example:5000/path?q=1#frag",
    "http://user:pw@proxy.example:3128",
    "http://[::1]:8080",
    "http://[2001:db8::1]",
    "http://10.0.0.1",
    "https://h:65535",
    "http://h:1/",
  ])("accepts %s", (url) => {
    expect(checkHttpUrl(url)).toBeUndefined();
  });

  it.each([
    ["", "is empty"],
    ["ftp://mirror.example", "must start with http:// or https://"],
    ["HTTP://mirror.example", "must start with http:// or https://"],
    ["http:/mirror.example", "must start with http:// or https://"],
    ["not-a-url", "must start with http:// or https://"],
    ["://missing-host", "must start with http:// or https://"],
    ["http://", "has no host"],
    ["http://:8080", "has no host"],
    ["http://proxy .example", "contains whitespace"],
    ["http://proxy.example\u00a0", "contains whitespace"],
    ["http://x\nEVIL=1", "contains control characters"],
    ["http://x\rEVIL=1", "contains control characters"],
    ["http://h:0", "has an invalid port '0' (must be 1..65535)"],
    ["http://h:65536", "has an invalid port '65536' (must be 1..65535)"],
    ["http://h:bad", "has an invalid port 'bad' (must be 1..65535)"],
    ["http://h:", "has an invalid port '' (must be 1..65535)"],
    ["http://h/`id`", "contains characters that must be percent-encoded"],
    ["http://h/{{.CallbackToken}}", "contains characters that must be percent-encoded"],
    ['http://h/"x"', "contains characters that must be percent-encoded"],
    ["http://[::1", "has an unterminated IPv6 host"],
    ["http://[zz::1]", "has an invalid IPv6 host"],
    ["http://[::1]x", "has text after the IPv6 host"],
  ])("rejects %j: %s", (url, reason) => {
    expect(checkHttpUrl(url)).toBe(reason);
  });
});

describe("checkIPv4Network", () => {
  it.each(["10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "192.168.1.1/32", "172.16.0.0/12"])("accepts %s", (tok) => {
    expect(checkIPv4Network(tok)).toEqual({ ok: true, network: tok });
  });

  it.each([
    ["not-an-ip", "invalid"],
    ["10.0.0.1/8", "invalid"],
    ["10.0.0.0/33", "invalid"],
    ["10.0.0.0/", "invalid"],
    ["010.0.0.1", "invalid"],
    ["256.0.0.1", "invalid"],
    ["2001:db8::1", "not-ipv4"],
    ["2001:db8::/32", "not-ipv4"],
  ] as const)("rejects %s as %s", (tok, kind) => {
    const result = checkIPv4Network(tok);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.kind).toBe(kind);
  });
});

describe("lists", () => {
  it("parses and normalises IPv4 lists", () => {
    expect(parseIPv4NetworkList(" 10.0.0.0/8 , 192.168.1.1")).toEqual({
      ok: true,
      items: ["10.0.0.0/8", "192.168.1.1"],
    });
    expect(parseIPv4NetworkList("")).toEqual({ ok: true, items: [] });
  });

  it("rejects empty entries and reports the failing token", () => {
    expect(parseIPv4NetworkList("10.0.0.1,")).toMatchObject({ ok: false, token: "" });
    expect(parseIPv4NetworkList("10.0.0.1,not-an-ip")).toMatchObject({ ok: false, token: "not-an-ip" });
  });

  it("parses port ranges strictly", () => {
    expect(parsePortRange("80")).toEqual({ first: 80, last: 80 });
    expect(parsePortRange("8000-9000")).toEqual({ first: 8000, last: 9000 });
    for (const bad of ["0", "65536", "443-80", "80 - 90", "+80", "1_000", "٨٠", "80-", "-80", ""]) {
      expect(parsePortRange(bad)).toBeUndefined();
    }
  });

  it("parses and formats port lists", () => {
    const parsed = parsePortRangeList("80, 443,8000-9000");
    expect(parsed).toEqual({
      ok: true,
      items: [
        { first: 80, last: 80 },
        { first: 443, last: 443 },
        { first: 8000, last: 9000 },
      ],
    });
    if (parsed.ok) expect(formatPortRanges(parsed.items)).toBe("80,443,8000-9000");
    expect(parsePortRangeList("80,not-a-port")).toMatchObject({ ok: false, token: "not-a-port" });
    expect(parsePortRangeList("80,,443")).toMatchObject({ ok: false, token: "" });
  });
});

describe("small rules", () => {
  it("recognises secret URIs", () => {
    expect(isSecretUri("secret:d1k2abcdefghijklmnop")).toBe(true);
    expect(isSecretUri("secret://7f3c0000-1111-4222-8333-444455556666/d1k2abcdefghijklmnop")).toBe(true);
    expect(isSecretUri("d1k2abcdefghijklmnop")).toBe(false);
    expect(isSecretUri("secret:abc def")).toBe(false);
  });

  it("parses non-negative integers with ASCII digits only", () => {
    expect(parseNonNegativeInteger("0")).toBe(0);
    expect(parseNonNegativeInteger("42")).toBe(42);
    for (const bad of ["-1", "+1", "1.5", "1_0", " 1", ""])
      expect(parseNonNegativeInteger(bad)).toBeUndefined();
  });

  it("checks GitHub names", () => {
    expect(isGithubOrgName("my-org")).toBe(true);
    expect(isGithubOrgName("-org")).toBe(false);
    expect(isGithubOrgName("my/org")).toBe(false);
    expect(isGithubRepoName("myorg/my.repo_1")).toBe(true);
    expect(isGithubRepoName("myorg")).toBe(false);
    expect(isGithubRepoName("myorg/..")).toBe(false);
    expect(isGithubRepoName("a/b/c")).toBe(false);
  });

  it("quotes untrusted tokens on one line", () => {
    expect(quoteForMessage("a\nb'c")).toBe("'a\\x0ab\\'c'");
  });
});

describe("stripWhitespace", () => {
  it("strips what Python's str.strip() strips, no more and no less", () => {
    expect(stripWhitespace("\u0085\u001c m1.large\n\u3000")).toBe("m1.large");
    expect(stripWhitespace("\ufeffx\u200b")).toBe("\ufeffx\u200b");
    expect(stripWhitespace(" \t ")).toBe("");
  });

  it("is linear on a megabyte of whitespace followed by text", () => {
    const value = `${" ".repeat(1_000_000)}x${" ".repeat(1_000_000)}y`;
    expect(stripWhitespace(value)).toBe(value.slice(1_000_000));
  });
});

describe("normaliseHttpUrl", () => {
  it.each([
    ["HTTPS://mirror.example:5000", "https://mirror.example:5000"],
    ["http://proxy.example:", "http://proxy.example"],
    ["Http://user:pw@proxy.example:/p?q=1", "http://user:pw@proxy.example/p?q=1"],
    ["http://[::1]:", "http://[::1]"],
    ["https://mirror.example:5000/a", "https://mirror.example:5000/a"],
  ])("reads %s as %s", (value, url) => {
    expect(normaliseHttpUrl(value)).toEqual({ ok: true, url });
  });

  it.each(["http://:", "HTTP://h:0", "http://h::", "ftp://h", "HTTPS://h\n:"])(
    "still refuses %j",
    (value) => {
      expect(normaliseHttpUrl(value).ok).toBe(false);
    },
  );
});
