import { readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

/** Compares with golden/<name> exactly; UPDATE_GOLDEN=1 rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const path = new URL(`../golden/${name}`, import.meta.url);
  if (process.env["UPDATE_GOLDEN"] === "1") {
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}
