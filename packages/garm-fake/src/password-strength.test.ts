import { describe, expect, it } from "vitest";
import { isStrongPassword, passwordBits, STRONG_PASSWORD_BITS } from "./password-strength.js";

describe("password strength (zxcvbn score 4 stand-in)", () => {
  it.each([
    "password",
    "Password",
    "P@ssw0rd",
    "Password123!",
    "short",
    "admin",
    "letmein2024",
    "qwertyuiop",
    "aaaaaaaaaaaaaaaaaaaa",
    "abababababababab",
    "abcdefghijklmnop",
    "1234567890",
    "",
  ])("rejects %j", (password) => {
    expect(isStrongPassword(password)).toBe(false);
  });

  it.each(["Zq7-Loopback-Test-Pass-2026!", "kx8fqz2mwpq", "correcthorsebatterystaple", "v9#Lr2!pQw7zT"])(
    "accepts %j",
    (password) => {
      expect(isStrongPassword(password)).toBe(true);
    },
  );

  it("is deterministic and monotone in added random characters", () => {
    const base = passwordBits("kx8fqz2m");
    expect(passwordBits("kx8fqz2m")).toBe(base);
    expect(passwordBits("kx8fqz2mwp")).toBeGreaterThan(base);
    expect(passwordBits("kx8fqz2mwpq")).toBeGreaterThanOrEqual(STRONG_PASSWORD_BITS);
  });

  it("counts dictionary words far below their length", () => {
    expect(passwordBits("password")).toBeLessThan(passwordBits("xkqzvbnt"));
  });
});
