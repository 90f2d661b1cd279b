import * as z from "zod";
import { describe, expect, it } from "vitest";
import { readJsonValue } from "./json-value.js";

const schema = z.object({ url: z.string() });

describe("readJsonValue", () => {
  it("parses a JSON value of the schema's shape", () => {
    expect(readJsonValue('{"url":"http://loki:3100"}', schema)).toEqual({ url: "http://loki:3100" });
  });

  it.each([
    ["absent", undefined],
    ["empty", ""],
    ["not JSON", "{url"],
    ["of another shape", '{"url":3}'],
  ])("is undefined for a value that is %s", (_, raw) => {
    expect(readJsonValue(raw, schema)).toBeUndefined();
  });
});
