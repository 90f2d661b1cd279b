import { describe, it, expect } from "vitest";
import { readDebugSshConnections, readDebugSshUnit } from "./debug-ssh.js";

const RSA = "SHA256:pj9Zp0ZbXvQk1n2m3b4v5c6x7z8a9s0d1f2g3h4j5kQ";
const ED = "SHA256:G7hXrYc0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r";

const good = { host: "10.20.30.40", port: "10022", rsa_fingerprint: RSA, ed25519_fingerprint: ED };

describe("readDebugSshUnit", () => {
  it("reads a complete unit databag", () => {
    expect(readDebugSshUnit(good)).toEqual({
      ok: true,
      value: { host: "10.20.30.40", port: 10022, rsaFingerprint: RSA, ed25519Fingerprint: ED },
    });
  });

  it("is incomplete while any key is missing or empty", () => {
    const { port: _port, ...noPort } = good;
    expect(readDebugSshUnit(noPort)).toMatchObject({
      ok: false,
      state: "incomplete",
      problems: [{ key: "port" }],
    });
    expect(readDebugSshUnit({ ...good, rsa_fingerprint: "" })).toMatchObject({
      ok: false,
      state: "incomplete",
    });
  });

  it.each([
    ["host", "10.0.0.1\nrm -rf /"],
    ["host", "$(reboot)"],
    ["host", "a b"],
    ["port", "abc"],
    ["port", "0"],
    ["port", "65536"],
    ["port", "+22"],
    ["rsa_fingerprint", `${RSA}\nX=1`],
    ["rsa_fingerprint", "MD5:aa:bb"],
    ["ed25519_fingerprint", "SHA256:abc'def"],
  ])("rejects %s = %j", (key, value) => {
    const result = readDebugSshUnit({ ...good, [key]: value });
    expect(result).toMatchObject({ ok: false, state: "invalid", problems: [{ key }] });
  });
});

describe("readDebugSshConnections", () => {
  it("keeps clean units sorted by host then port and reports the others", () => {
    const result = readDebugSshConnections({
      "tmate/2": { ...good, host: "10.0.0.9", port: "2222" },
      "tmate/0": { ...good, host: "10.0.0.9", port: "1022" },
      "tmate/1": { ...good, host: "10.0.0.1" },
      "tmate/3": { host: "10.0.0.2" },
      "tmate/4": { ...good, host: "bad\nhost" },
    });
    expect(result.connections.map((c) => `${c.host}:${c.port}`)).toEqual([
      "10.0.0.1:10022",
      "10.0.0.9:1022",
      "10.0.0.9:2222",
    ]);
    expect(result.skipped.map((s) => [s.unit, s.state])).toEqual([
      ["tmate/3", "incomplete"],
      ["tmate/4", "invalid"],
    ]);
  });

  it("returns nothing for a relation without units", () => {
    expect(readDebugSshConnections({})).toEqual({ connections: [], skipped: [] });
  });
});
