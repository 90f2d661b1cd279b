import { runExampleDemo } from "@garm-charms/charm-testing";
import { describe, expect, it } from "vitest";

describe("example charm demo", () => {
  it("walks the example charm from waiting to active and through an action", async () => {
    const lines: string[] = [];
    await runExampleDemo((line) => lines.push(line));
    const text = lines.join("\n");
    expect(text).toContain("unit status: waiting (db relation is required)");
    expect(text).toContain("unit status: active");
    expect(text).toContain('action results: {"rotated":"true","length":"32"}');
    // The demo prints secret revisions, never secret values.
    expect(text).not.toContain("demo-db-password");
  });
});
