import { describe, expect, it } from "vitest";
import { parseCharmMeta } from "../meta.js";
import { state } from "../builders.js";
import { FakeModel } from "./model.js";
import { FakeHookTools } from "./runner.js";

const meta = parseCharmMeta({
  name: "demo",
  storage: { data: { type: "filesystem", location: "/srv/data" }, raw: { type: "block" } },
});

function tools(hook: { storageId?: string } = {}) {
  const input = state({
    storages: [
      { name: "data", index: 0 },
      { name: "raw", index: 1, location: "/dev/vdb" },
    ],
  });
  const model = new FakeModel(input, meta, { appName: "demo", unitId: 0 }, hook);
  const runner = new FakeHookTools(model);
  return { model, run: (tool: string, args: string[]) => runner.run({ tool, args }) };
}

describe("storage tools", () => {
  it("describes an instance by -s or by the storage hook's id", async () => {
    const { run } = tools({ storageId: "raw/1" });
    expect(JSON.parse((await run("storage-get", ["--format=json", "-s", "data/0"])).stdout)).toEqual({
      kind: "filesystem",
      location: "/srv/data",
    });
    expect((await run("storage-get", ["--format=json", "location"])).stdout).toBe('"/dev/vdb"\n');
    expect((await run("storage-get", ["-s", "data/0", "size"])).exitCode).toBe(2);
    expect((await run("storage-get", ["-s", "data/5"])).stderr).toBe('ERROR storage "data/5" not found\n');
  });

  it("needs an instance outside storage hooks", async () => {
    expect((await tools().run("storage-get", ["--format=json"])).stderr).toBe(
      "ERROR no storage instance specified\n",
    );
  });

  it("lists instances, optionally by name", async () => {
    const { run } = tools();
    expect((await run("storage-list", ["--format=json"])).stdout).toBe('["data/0","raw/1"]\n');
    expect((await run("storage-list", ["--format=json", "raw"])).stdout).toBe('["raw/1"]\n');
  });

  it("records storage-add requests for declared storage only", async () => {
    const { run, model } = tools();
    await run("storage-add", ["data=2"]);
    expect(model.requestedStorages).toEqual([{ name: "data", count: 2 }]);
    expect((await run("storage-add", ["cache=1"])).exitCode).toBe(1);
    expect((await run("storage-add", ["data=zero"])).exitCode).toBe(2);
  });
});
