import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, isPaddedBase64 } from "./base64.js";

describe("GARM base64 fields", () => {
  it("encodes text as padded standard base64 and decodes it back", () => {
    const script = "#!/bin/bash\necho {{ .RunnerName }} ü\n";
    const encoded = encodeBase64(script);
    expect(isPaddedBase64(encoded)).toBe(true);
    expect(decodeBase64(encoded)).toBe(script);
  });

  it("refuses values GARM would reject as `invalid request`", () => {
    expect(decodeBase64("#!/bin/bash")).toBeUndefined();
    expect(decodeBase64("YWJj ZA==")).toBeUndefined();
    expect(decodeBase64("YWJjZA")).toBeUndefined(); // unpadded
    expect(decodeBase64("YW-_")).toBeUndefined(); // URL alphabet
  });

  it("treats the empty string as empty data", () => {
    expect(decodeBase64("")).toBe("");
  });
});
