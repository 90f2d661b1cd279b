/** The fingerprints agree with OpenSSH's own `ssh-keygen -l` for the same keys. */
import { execFileSync } from "node:child_process";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { sshFingerprint } from "./fingerprints.js";

const dir = mkdtempSync(join(tmpdir(), "tmate-fp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ssh-keygen's fingerprint of a PEM (SPKI) public key, converted to OpenSSH's format first. */
function opensshFingerprint(pem: string, name: string): string {
  const file = join(dir, `${name}.pem`);
  writeFileSync(file, pem);
  const openssh = execFileSync("ssh-keygen", ["-i", "-m", "PKCS8", "-f", file], { encoding: "utf8" });
  writeFileSync(`${file}.pub`, openssh);
  const line = execFileSync("ssh-keygen", ["-l", "-f", `${file}.pub`], { encoding: "utf8" });
  return line.split(" ")[1] ?? "";
}

describe.skipIf(!hasSshKeygen())("sshFingerprint", () => {
  it("matches ssh-keygen for RSA keys (several, so both mpint paddings occur)", () => {
    for (let i = 0; i < 4; i++) {
      const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
      const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
      expect(sshFingerprint(publicKey)).toBe(opensshFingerprint(pem, `rsa${String(i)}`));
    }
  });

  it("matches ssh-keygen for an Ed25519 key ssh-keygen made, 50 characters with the prefix", () => {
    const file = join(dir, "ed25519");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file]);
    const blob = Buffer.from(readFileSync(`${file}.pub`, "utf8").split(" ")[1] ?? "", "base64");
    // The blob ends with the 32-byte public key; Node takes it as a JWK.
    const x = blob.subarray(blob.length - 32).toString("base64url");
    const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
    const line = execFileSync("ssh-keygen", ["-l", "-f", `${file}.pub`], { encoding: "utf8" });
    const fingerprint = sshFingerprint(publicKey);
    expect(fingerprint).toBe(line.split(" ")[1]);
    expect(fingerprint).toHaveLength(50);
  });
});

function hasSshKeygen(): boolean {
  try {
    execFileSync("ssh-keygen", ["-?"], { stdio: "ignore" });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
  return true;
}
