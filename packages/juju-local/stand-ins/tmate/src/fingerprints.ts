/**
 * OpenSSH's key fingerprint, `SHA256:` + unpadded base64 of the sha256 of the public key blob in
 * SSH wire format (RFC 4253 §6.6, RFC 8709), as `ssh-keygen -l` prints it and tmate-ssh-server
 * publishes it.
 */
import { createHash, type KeyObject } from "node:crypto";

function sshString(bytes: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A non-negative big-endian integer as an SSH mpint: no leading zeros, a zero byte if the top bit is set. */
function mpint(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return sshString((trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), trimmed]) : trimmed);
}

function jwkField(value: string | undefined, name: string): Buffer {
  if (value === undefined) throw new Error(`the public key has no ${name}`);
  return Buffer.from(value, "base64url");
}

/** The public key blob of an RSA or Ed25519 key. */
export function sshPublicKeyBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: "jwk" });
  if (key.asymmetricKeyType === "ed25519") {
    return Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(jwkField(jwk.x, "x"))]);
  }
  if (key.asymmetricKeyType === "rsa") {
    return Buffer.concat([
      sshString(Buffer.from("ssh-rsa")),
      mpint(jwkField(jwk.e, "e")),
      mpint(jwkField(jwk.n, "n")),
    ]);
  }
  throw new Error(`no SSH fingerprint for ${String(key.asymmetricKeyType)} keys`);
}

export function sshFingerprint(key: KeyObject): string {
  const digest = createHash("sha256").update(sshPublicKeyBlob(key)).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}
