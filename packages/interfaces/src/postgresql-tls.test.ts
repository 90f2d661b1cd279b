import { describe, expect, it } from "vitest";
import { parsePemCertificateChain } from "./postgresql-client.js";

/** A throwaway self-signed CA (P-256, no key kept), as a database charm's `tls-ca` carries one. */
const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBkTCCATegAwIBAgIUTRCQzIfXgXKzpdMhRRHs8bFsnt8wCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSdGVzdC1wb3N0Z3Jlc3FsLWNhMCAXDTI2MTIwNjA5NTgyM1oY
DzIxMjYxMTEyMDk1ODIzWjAdMRswGQYDVQQDDBJ0ZXN0LXBvc3RncmVzcWwtY2Ew
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASuc1CqyP6spy3lwHJkjsM1JadERwyN
Xowr3gs4HEGHsjZerxWTo6LhrMvEyWuhtC03FodxcCBGRufZ6po/sh3Wo1MwUTAd
BgNVHQ4EFgQUJ3+wQBKLT5nLEKscvhbD8jlJYhgwHwYDVR0jBBgwFoAUJ3+wQBKL
T5nLEKscvhbD8jlJYhgwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
AiEAloE4eyWu9Uy5Pa76X74Kx+eM/oHdthsmG51Jkdf2YgwCIFkhuaCLaT3wn4tW
dAZMQ5rWpi9r83PW39XAnFUPRr4+
-----END CERTIFICATE-----`;

describe("parsePemCertificateChain (tls-ca)", () => {
  it("keeps every certificate of a chain, one per line, newline-terminated", () => {
    const chain = `${TEST_CA_PEM}\n${TEST_CA_PEM}`.replace(/\n/g, "\r\n");
    expect(parsePemCertificateChain(chain)).toBe(`${TEST_CA_PEM}\n${TEST_CA_PEM}\n`);
  });

  it.each([
    ["empty", ""],
    ["a header without a body", "-----BEGIN CERTIFICATE-----"],
    ["a block that is not X.509", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"],
    ["a private key", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"],
  ])("refuses %s", (_name, text) => {
    expect(parsePemCertificateChain(text)).toBeUndefined();
  });
});
