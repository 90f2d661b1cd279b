import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { relation, secret } from "../builders.js";
import { fakeTools } from "./test-support.js";

const website = relation({
  endpoint: "website",
  id: 4,
  remoteAppName: "proxy",
  remoteUnitsData: { 0: {}, 1: {} },
});
const shared = secret({
  id: "secret:cs0000000000000shared",
  owner: null,
  content: { token: "t1" },
  latestContent: { token: "t2" },
});
const hidden = secret({
  id: "secret:cs0000000000000hidden",
  owner: null,
  content: { token: "x" },
  granted: false,
});
const mine = secret({
  id: "secret:cs00000000000000mine",
  owner: "app",
  label: "admin",
  content: { password: "p1" },
});

async function valueFile(value: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "secret-test-"));
  const path = join(dir, "value");
  await writeFile(path, value, { mode: 0o600 });
  return path;
}

describe("secret-add", () => {
  it("reads values from key#file= and prints the new URI", async () => {
    const { run, model } = fakeTools({ leader: true });
    const path = await valueFile("hunter2");
    const out = await run("secret-add", ["--label", "db", "--owner", "application", `password#file=${path}`]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^secret:\/\/00000000-0000-4000-8000-000000000000\/[0-9a-v]{20}\n$/);
    const id = out.stdout.trim();
    const got = await run("secret-get", ["--format=json", id]);
    expect(JSON.parse(got.stdout)).toEqual({ password: "hunter2" });
    expect(model.toState(true).secrets[0]).toMatchObject({
      id,
      owner: "app",
      label: "db",
      trackedRevision: 1,
    });
    expect(model.toState(false).secrets).toEqual([]);
  });

  it("accepts key=value and key#base64= forms", async () => {
    const { run } = fakeTools();
    const out = await run("secret-add", [
      "--owner",
      "unit",
      "plain=abc",
      `enc#base64=${Buffer.from("xyz").toString("base64")}`,
    ]);
    expect(JSON.parse((await run("secret-get", ["--format=json", out.stdout.trim()])).stdout)).toEqual({
      plain: "abc",
      enc: "xyz",
    });
  });

  it("needs leadership for an application-owned secret", async () => {
    const { run } = fakeTools({ leader: false });
    expect(await run("secret-add", ["--owner", "application", "key=value"])).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "ERROR this unit is not the leader\n",
    });
  });

  it("rejects bad keys, owners, policies and empty content with exit 2", async () => {
    const { run } = fakeTools({ leader: true });
    expect((await run("secret-add", ["Bad=1"])).stderr).toBe('ERROR invalid key "Bad"\n');
    expect((await run("secret-add", ["--owner", "model", "key=1"])).stderr).toBe(
      'ERROR secret owner "model" not valid\n',
    );
    expect((await run("secret-add", ["--rotate", "often", "key=1"])).stderr).toBe(
      'ERROR rotate policy "often" not valid\n',
    );
    expect(await run("secret-add", [])).toMatchObject({
      exitCode: 2,
      stderr: "ERROR missing secret value\n",
    });
  });

  it("refuses a second owned secret with the same label", async () => {
    const { run } = fakeTools({ leader: true, secrets: [mine] });
    expect((await run("secret-add", ["--label", "admin", "key=1"])).stderr).toBe(
      'ERROR secret with label "admin" already exists\n',
    );
  });

  it("turns a duration expiry into a timestamp", async () => {
    const { run, model } = fakeTools({ leader: true });
    await run("secret-add", ["--expire", "24h", "key=1"]);
    expect(model.secrets[0]?.expire).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});

describe("secret-get", () => {
  it("returns the tracked revision, --peek the latest, --refresh the latest and tracks it", async () => {
    const { run, model } = fakeTools({ secrets: [shared] });
    expect(JSON.parse((await run("secret-get", ["--format=json", shared.id])).stdout)).toEqual({
      token: "t1",
    });
    expect(JSON.parse((await run("secret-get", ["--format=json", shared.id, "--peek"])).stdout)).toEqual({
      token: "t2",
    });
    expect(model.secrets[0]?.trackedRevision).toBe(1);
    await run("secret-get", ["--format=json", shared.id, "--refresh"]);
    expect(model.toState(true).secrets[0]?.trackedRevision).toBe(2);
    expect(model.toState(false).secrets[0]?.trackedRevision).toBe(1);
  });

  it("finds secrets by label or by any URI form of the id, and reads one key", async () => {
    const { run } = fakeTools({ secrets: [mine] });
    expect(JSON.parse((await run("secret-get", ["--format=json", "--label", "admin"])).stdout)).toEqual({
      password: "p1",
    });
    const other = "secret://00000000-0000-4000-8000-000000000000/cs00000000000000mine";
    expect((await run("secret-get", ["--format=json", other, "password"])).stdout).toBe('"p1"\n');
    expect((await run("secret-get", ["--format=json", other, "password#base64"])).stdout).toBe('"cDE="\n');
  });

  it("says not found the way ops recognises", async () => {
    const { run } = fakeTools();
    expect(await run("secret-get", ["--format=json", "secret:nope"])).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: 'ERROR secret "secret:nope" not found\n',
    });
    expect((await run("secret-get", ["--format=json", "--label", "missing"])).stderr).toBe(
      'ERROR secret "missing" not found\n',
    );
    expect((await run("secret-get", ["--format=json"])).exitCode).toBe(2);
  });

  it("denies a secret that was not granted to this application", async () => {
    const { run } = fakeTools({ secrets: [hidden] });
    expect(await run("secret-get", ["--format=json", hidden.id])).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "ERROR permission denied\n",
    });
  });

  it("rejects --peek with --refresh", async () => {
    const { run } = fakeTools({ secrets: [shared] });
    expect((await run("secret-get", [shared.id, "--peek", "--refresh"])).exitCode).toBe(2);
  });
});

describe("secret-set, info, grants and removal", () => {
  it("adds a revision for new content only, and updates metadata", async () => {
    const { run, model } = fakeTools({ leader: true, secrets: [mine] });
    const same = await valueFile("p1");
    await run("secret-set", ["--owner", "application", mine.id, `password#file=${same}`]);
    expect(model.secrets[0]?.revisions).toHaveLength(1);
    const changed = await valueFile("p2");
    await run("secret-set", ["--description", "admin login", mine.id, `password#file=${changed}`]);
    const after = model.toState(true).secrets[0];
    expect(after?.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(after?.description).toBe("admin login");
    expect(model.toState(false).secrets[0]?.revisions).toHaveLength(1);
  });

  it("needs leadership for an application-owned secret and ownership for any", async () => {
    const follower = fakeTools({ secrets: [mine, shared] });
    expect((await follower.run("secret-set", [mine.id, "password=x"])).stderr).toBe(
      "ERROR this unit is not the leader\n",
    );
    expect((await follower.run("secret-set", [shared.id, "token=x"])).stderr).toBe(
      "ERROR permission denied\n",
    );
    expect((await follower.run("secret-set", [mine.id])).stderr).toBe(
      "ERROR at least one attribute to update must be specified\n",
    );
  });

  it("reports metadata to owners keyed by bare id", async () => {
    const { run } = fakeTools({
      leader: true,
      secrets: [{ ...mine, grants: { 4: ["proxy"] } }],
      relations: [website],
    });
    const info = JSON.parse((await run("secret-info-get", ["--format=json", "--label", "admin"])).stdout);
    expect(info).toEqual({
      cs00000000000000mine: {
        revision: 1,
        label: "admin",
        owner: "application",
        access: [{ target: "application-proxy", scope: "relation-4", role: "view" }],
      },
    });
    expect((await run("secret-info-get", ["--format=json", mine.id, "--label", "admin"])).exitCode).toBe(2);
  });

  it("hides metadata from observers", async () => {
    const { run } = fakeTools({ secrets: [shared] });
    expect((await run("secret-info-get", ["--format=json", shared.id])).stderr).toBe(
      `ERROR secret "${shared.id}" not found\n`,
    );
  });

  it("grants and revokes by relation and unit", async () => {
    const { run, model } = fakeTools({ leader: true, secrets: [mine], relations: [website] });
    await run("secret-grant", ["--relation", "4", mine.id]);
    await run("secret-grant", ["--relation", "4", "--unit", "proxy/1", mine.id]);
    expect(model.secrets[0]?.grants).toEqual({ 4: ["proxy", "proxy/1"] });
    expect((await run("secret-grant", ["--relation", "4", "--unit", "other/0", mine.id])).exitCode).toBe(1);
    await run("secret-revoke", ["--relation", "4", "--unit", "proxy/1", mine.id]);
    expect(model.secrets[0]?.grants).toEqual({ 4: ["proxy"] });
    await run("secret-revoke", ["--relation", "4", mine.id]);
    expect(model.toState(true).secrets[0]?.grants).toEqual({});
    expect((await run("secret-revoke", ["--relation", "4", "--app", "proxy", mine.id])).exitCode).toBe(2);
    expect(model.toState(false).secrets[0]?.grants).toEqual({});
  });

  it("removes one revision or the whole secret", async () => {
    const owned = secret({
      id: "secret:cs000000000000000two",
      owner: "unit",
      content: { a1x: "1" },
      latestContent: { a1x: "2" },
    });
    const { run, model } = fakeTools({ secrets: [owned] });
    await run("secret-remove", [owned.id, "--revision", "1"]);
    expect(model.secrets[0]?.revisions.map((r) => r.revision)).toEqual([2]);
    await run("secret-remove", [owned.id]);
    expect(model.toState(true).secrets).toEqual([]);
    expect(model.removedSecretRevisions).toEqual([
      { id: owned.id, revision: 1 },
      { id: owned.id, revision: 2 },
    ]);
  });

  it("lists owned ids, null when none", async () => {
    expect((await fakeTools({ secrets: [shared] }).run("secret-ids", ["--format=json"])).stdout).toBe(
      "null\n",
    );
    expect((await fakeTools({ secrets: [mine, shared] }).run("secret-ids", ["--format=json"])).stdout).toBe(
      '["cs00000000000000mine"]\n',
    );
  });
});
