import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startGarmFake } from "./garm-fake.js";
import { GarmFakeStateFileError } from "./persistence.js";
import { ADMIN_PASSWORD, URLS, seedEntities } from "./test-support.js";

describe("GARM fake state file", () => {
  const dir = mkdtempSync(join(tmpdir(), "garm-state-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a fake started on a saved state file has the same controller, user, entities and ids", async () => {
    const file = join(dir, "db.json");
    const first = await startGarmFake({
      stateFile: file,
      jwtSecret: "s".repeat(32),
      initialised: { username: "admin", password: ADMIN_PASSWORD },
      urls: URLS,
    });
    await seedEntities(first, first.adminToken());
    const before = first.snapshot();
    // A write through the API is what saves: the seeding above went through it.
    await first.close();
    const second = await startGarmFake({ stateFile: file, jwtSecret: "s".repeat(32) });
    expect(second.snapshot()).toEqual(before);
    expect(second.adminToken()).toMatch(/^ey/);
    await second.close();
  });

  it("refuses a state file that is not the fake's document", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ version: 1, controller: {} }));
    await expect(startGarmFake({ stateFile: file })).rejects.toThrow(GarmFakeStateFileError);
  });
});
