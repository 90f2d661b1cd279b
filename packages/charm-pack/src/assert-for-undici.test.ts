import { describe, expect, it } from "vitest";

import assert from "./assert-for-undici.js";

describe("assert-for-undici", () => {
  it("returns for a truthy value", () => {
    expect(() => {
      assert(1);
      assert("x", "unused");
    }).not.toThrow();
  });

  it("throws an AssertionError with Node's code and the message given", () => {
    expect(() => assert(0, "a socket must be open")).toThrow(
      expect.objectContaining({
        name: "AssertionError",
        code: "ERR_ASSERTION",
        message: "a socket must be open",
      }),
    );
  });

  it("names the failure when no message is given, and throws an Error given as the message", () => {
    expect(() => assert(null)).toThrow(
      expect.objectContaining({ code: "ERR_ASSERTION", message: expect.stringMatching(/falsy/) }),
    );
    const cause = new TypeError("bad body");
    expect(() => assert(false, cause)).toThrow(cause);
  });
});
