import { X509Certificate } from "node:crypto";
import { serverError } from "./api-error.js";

/** A PEM block: its type and its DER bytes (the body must be valid base64, as for Go's pem.Decode). */
interface PemBlock {
  readonly type: string;
  readonly der: Buffer;
}

const PEM_BLOCK_RE = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK_RE)) {
    const body = match[2]!.replace(/\s+/g, "");
    if (body.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) continue;
    blocks.push({ type: match[1]!, der: Buffer.from(body, "base64") });
  }
  return blocks;
}

function encodePem(block: PemBlock): string {
  const lines = block.der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${block.type}-----\n${lines.join("\n")}\n-----END ${block.type}-----\n`;
}

function isCertificate(block: PemBlock): boolean {
  if (block.type !== "CERTIFICATE") return false;
  try {
    new X509Certificate(block.der);
    return true;
  } catch {
    return false;
  }
}

/**
 * GARM's handling of an endpoint's `ca_cert_bundle` (base64 of PEM), as seen on a real server: it
 * keeps only the PEM blocks, so a bundle with none is silently dropped ("" stored, 200), then a
 * block that is not a parseable certificate fails as a bare 500. Returns the base64 to store.
 */
export function sanitizeCaBundle(bundleBase64: string): string {
  const blocks = pemBlocks(Buffer.from(bundleBase64, "base64").toString("utf8"));
  if (!blocks.every(isCertificate)) throw serverError();
  return Buffer.from(blocks.map(encodePem).join(""), "utf8").toString("base64");
}
