import { describe, expect, it } from "vitest";

import { ReadCache } from "./read-cache.js";

describe("ReadCache", () => {
  it("keeps a read-ahead's failure for the first reader, then forgets it (no call is made twice)", async () => {
    const cache = new ReadCache();
    let loads = 0;
    const failing = () => Promise.reject(new Error(`failed load ${String(++loads)}`));
    await expect(cache.warm("secret-get:x", failing)).rejects.toThrow("failed load 1");
    await expect(cache.get("secret-get:x", failing)).rejects.toThrow("failed load 1");
    await expect(cache.get("secret-get:x", failing)).rejects.toThrow("failed load 2");
    expect(loads).toBe(2);
  });

  it("loads once per key and returns copies", async () => {
    const cache = new ReadCache();
    let loads = 0;
    const load = () => Promise.resolve({ n: ++loads });
    const first = await cache.get("a", load);
    first.n = 99;
    expect(await cache.get("a", load)).toEqual({ n: 1 });
    expect(loads).toBe(1);
  });

  it("invalidates by prefix", async () => {
    const cache = new ReadCache();
    await cache.get("relation-get:1:unit:a/0", () => Promise.resolve(1));
    await cache.get("relation-get:10:unit:a/0", () => Promise.resolve(1));
    await cache.get("relation-get:2:unit:a/0", () => Promise.resolve(1));
    cache.invalidate("relation-get:1:");
    expect(cache.size).toBe(2);
  });

  it("does not remember failures", async () => {
    const cache = new ReadCache();
    await expect(cache.get("k", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await cache.get("k", () => Promise.resolve("yes"))).toBe("yes");
  });
});
