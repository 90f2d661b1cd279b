import { createHash, generateKeyPairSync } from "node:crypto";
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

/** SSH wire `string`: uint32 length, then the bytes. */
function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** SSH `mpint` from JWK base64url: big-endian, with a zero byte when the top bit is set. */
function sshMpint(base64url: string): Buffer {
  const raw = Buffer.from(base64url, "base64url");
  return sshString((raw[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
}

/** What tmate-ssh-server publishes: `SHA256:` + unpadded base64 of sha256(public key blob). */
function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

function hostKeyFingerprints(): { rsa: string; ed25519: string } {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "jwk" });
  const ed = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
  const rsaBlob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), sshMpint(rsa.e!), sshMpint(rsa.n!)]);
  const edBlob = Buffer.concat([
    sshString(Buffer.from("ssh-ed25519")),
    sshString(Buffer.from(ed.x!, "base64url")),
  ]);
  return { rsa: fingerprint(rsaBlob), ed25519: fingerprint(edBlob) };
}

describe("debug-ssh golden databag (spec 4.1)", () => {
  const keys = hostKeyFingerprints();
  // A tmate-ssh-server unit databag: its four keys plus the address keys Juju adds to every unit bag.
  const providerBag = {
    "egress-subnets": "10.20.30.40/32",
    "ingress-address": "10.20.30.40",
    "private-address": "10.20.30.40",
    host: "10.20.30.40",
    port: "10022",
    rsa_fingerprint: keys.rsa,
    ed25519_fingerprint: keys.ed25519,
  };

  it("has fingerprints shaped as the spec says: 50 characters, SHA256: prefix, no padding", () => {
    for (const value of [keys.rsa, keys.ed25519]) {
      expect(value).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    }
  });

  it("reads the provider's unit databag, values verbatim", () => {
    expect(readDebugSshUnit(providerBag)).toStrictEqual({
      ok: true,
      value: { host: "10.20.30.40", port: 10022, rsaFingerprint: keys.rsa, ed25519Fingerprint: keys.ed25519 },
    });
  });

  it("uses the first unit by (host, port), whatever the unit order", () => {
    const other = { ...providerBag, host: "10.20.30.9" };
    const read = readDebugSshConnections({ "tmate-ssh-server/0": providerBag, "tmate-ssh-server/1": other });
    expect(read.connections[0]?.host).toBe("10.20.30.40");
    expect(read.connections.map((c) => c.host)).toEqual(["10.20.30.40", "10.20.30.9"]);
  });

  it("waits for a unit that has only Juju's own keys (joined, nothing published yet)", () => {
    const read = readDebugSshConnections({
      "tmate-ssh-server/0": { "ingress-address": "10.20.30.40", "private-address": "10.20.30.40" },
    });
    expect(read.connections).toEqual([]);
    expect(read.skipped).toMatchObject([{ unit: "tmate-ssh-server/0", state: "incomplete" }]);
  });
});
