/**
 * GARM's `[]byte` fields (template `data`, `private_key_bytes`, CA bundles) travel as padded
 * standard base64. GARM rejects anything else with 400 `invalid request`, so encode strictly and
 * refuse to decode what GARM itself would not have produced.
 */

const PADDED_STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeBase64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

export function isPaddedBase64(value: string): boolean {
  return PADDED_STANDARD_BASE64.test(value);
}

/** Decodes GARM's base64 text; undefined when the value is not padded standard base64. */
export function decodeBase64(value: string): string | undefined {
  if (!isPaddedBase64(value)) return undefined;
  return Buffer.from(value, "base64").toString("utf8");
}
