import { isStrongPassword } from "@garm-charms/garm-fake";
import { describe, it, expect } from "vitest";
import {
  generateAdminPassword,
  generateDatabasePassphrase,
  generateJwtSecret,
  newAdminCredentialsContent,
  newGarmSecretsContent,
  parseAdminCredentialsContent,
  parseGarmSecretsContent,
  newWebhookSecretContent,
  parseWebhookSecretContent,
} from "./secrets.js";

const SYMBOLS = "!@#$%-_=+";

describe("generated secrets", () => {
  it("JWT secret: 64 hex characters, different every time", () => {
    const secrets = Array.from({ length: 20 }, generateJwtSecret);
    for (const secret of secrets) expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it("database passphrase: exactly 32 alphanumerics, as GARM requires", () => {
    const passphrases = Array.from({ length: 20 }, generateDatabasePassphrase);
    for (const passphrase of passphrases) expect(passphrase).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(new Set(passphrases).size).toBe(passphrases.length);
  });

  it("admin password: 24 characters with every class, from the allowed alphabet", () => {
    for (let i = 0; i < 200; i++) {
      const password = generateAdminPassword();
      expect(password).toHaveLength(24);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect([...password].some((ch) => SYMBOLS.includes(ch))).toBe(true);
      expect([...password].every((ch) => /[A-Za-z0-9]/.test(ch) || SYMBOLS.includes(ch))).toBe(true);
    }
  });

  it("admin password: the guaranteed characters are shuffled, not at fixed positions", () => {
    const firstIsUpper = Array.from({ length: 200 }, () => /^[A-Z]/.test(generateAdminPassword()));
    expect(firstIsUpper.some((x) => !x)).toBe(true);
  });

  it("admin password: characters are spread over the whole alphabet", () => {
    const seen = new Set(Array.from({ length: 400 }, () => generateAdminPassword()).join(""));
    expect(seen.size).toBe(26 + 26 + 10 + SYMBOLS.length);
  });

  it("admin password: refuses lengths too short to be strong", () => {
    expect(() => generateAdminPassword(8)).toThrow(RangeError);
    expect(generateAdminPassword(40)).toHaveLength(40);
  });
});

/** Bits of a uniformly random string over its alphabet; zxcvbn-go's score 4 starts near 41 bits. */
const randomBits = (length: number, alphabetSize: number) => length * Math.log2(alphabetSize);
const SCORE_4_BITS = 41;

describe("strength against GARM's zxcvbn score-4 checks", () => {
  it("every generated value carries at least twice the bits score 4 needs", () => {
    expect(randomBits(generateJwtSecret().length, 16)).toBeGreaterThanOrEqual(2 * SCORE_4_BITS);
    expect(randomBits(generateDatabasePassphrase().length, 62)).toBeGreaterThanOrEqual(2 * SCORE_4_BITS);
    // The four class-guaranteed characters are not counted.
    expect(randomBits(generateAdminPassword().length - 4, 71)).toBeGreaterThanOrEqual(2 * SCORE_4_BITS);
  });

  it("every generated value passes the GARM fake's zxcvbn score-4 rule (what /first-run applies)", () => {
    for (let i = 0; i < 300; i++) {
      expect(isStrongPassword(generateAdminPassword())).toBe(true);
      expect(isStrongPassword(generateDatabasePassphrase())).toBe(true);
      expect(isStrongPassword(generateJwtSecret())).toBe(true);
    }
    // The rule is not a rubber stamp: the reference's old weak example fails it.
    expect(isStrongPassword("password")).toBe(false);
  });

  it("values use their whole alphabet rather than a few characters", () => {
    for (let i = 0; i < 50; i++) {
      for (const value of [generateJwtSecret(), generateDatabasePassphrase(), generateAdminPassword()]) {
        expect(new Set(value).size).toBeGreaterThanOrEqual(8);
      }
    }
  });
});

describe("secret contents", () => {
  it("new contents parse back", () => {
    expect(parseGarmSecretsContent(newGarmSecretsContent()).ok).toBe(true);
    const admin = newAdminCredentialsContent();
    expect(admin).toMatchObject({ username: "admin", email: "admin@garm.local", "full-name": "GARM Admin" });
    expect(parseAdminCredentialsContent(admin)).toEqual({ ok: true, value: admin });
    const webhook = newWebhookSecretContent();
    expect(webhook["webhook-secret"]).toMatch(/^[0-9a-f]{64}$/);
    expect(parseWebhookSecretContent(webhook)).toEqual({ ok: true, value: webhook });
  });

  it("refuses a webhook secret that is not 64 hex characters, naming the key only", () => {
    expect(parseWebhookSecretContent({ "webhook-secret": "not-hex-secret" })).toEqual({
      ok: false,
      missingOrInvalidKeys: ["webhook-secret"],
    });
    expect(parseWebhookSecretContent({})).toEqual({ ok: false, missingOrInvalidKeys: ["webhook-secret"] });
  });

  it("names missing or bad keys, never values", () => {
    const result = parseGarmSecretsContent({ "jwt-secret": "x".repeat(64), "db-passphrase": "short-secret" });
    expect(result).toEqual({ ok: false, missingOrInvalidKeys: ["db-passphrase"] });
    expect(JSON.stringify(result)).not.toContain("short-secret");
    expect(parseAdminCredentialsContent({ username: "admin", email: "a@b.c", "full-name": "A" })).toEqual({
      ok: false,
      missingOrInvalidKeys: ["password"],
    });
    expect(parseAdminCredentialsContent("nonsense")).toEqual({
      ok: false,
      missingOrInvalidKeys: ["(content)"],
    });
  });
});
