import { describe, expect, it } from "vitest";

import { echoInput, MAX_ECHO_LENGTH } from "./status-text.js";

describe("echoInput", () => {
  it("quotes a short value as it is", () => {
    expect(echoInput("10.0.0.300")).toBe("'10.0.0.300'");
  });

  it("escapes quotes, backslashes and C0/C1 controls (U+0085 included)", () => {
    expect(echoInput("a\nb'c\\d\u0085e\u007f")).toBe("'a\\x0ab\\'c\\\\d\\x85e\\x7f'");
  });

  it("escapes U+2028, U+2029, bidi controls and lone surrogates", () => {
    expect(echoInput("a\u2028b\u2029c\u202ed\ud800")).toBe("'a\\u2028b\\u2029c\\u202ed\\ud800'");
  });

  it("keeps a surrogate pair whole", () => {
    expect(echoInput("🙂ok")).toBe("'🙂ok'");
  });

  it("a 1.1 MB token comes out as a few dozen characters and an ellipsis", () => {
    const echoed = echoInput("x".repeat(1_100_000));
    expect(echoed).toBe(`'${"x".repeat(MAX_ECHO_LENGTH)}…'`);
    expect(echoed.length).toBeLessThanOrEqual(MAX_ECHO_LENGTH + 3);
  });

  it("counts escapes in the limit and never cuts one in half", () => {
    const echoed = echoInput("\n".repeat(100));
    expect(echoed).toBe(`'${"\\x0a".repeat(MAX_ECHO_LENGTH / 4)}…'`);
  });

  it("does not add an ellipsis to a value exactly at the limit", () => {
    expect(echoInput("y".repeat(MAX_ECHO_LENGTH))).toBe(`'${"y".repeat(MAX_ECHO_LENGTH)}'`);
  });
});
