import { describe, expect, it } from "vitest";
import { relation } from "../builders.js";
import { fakeTools } from "./test-support.js";

const db = relation({
  endpoint: "db",
  id: 3,
  remoteAppName: "postgresql",
  remoteAppData: { endpoints: "pg:5432" },
  remoteUnitsData: { 0: { role: "primary" }, 1: {} },
  localAppData: { database: "demo" },
});
const inDbHook = { relationId: 3, remoteUnit: "postgresql/0" };

describe("relation-ids and relation-list", () => {
  it("lists relation ids as endpoint:id", async () => {
    const { run } = fakeTools({ relations: [db] });
    expect((await run("relation-ids", ["db", "--format=json"])).stdout).toBe('["db:3"]\n');
    expect((await run("relation-ids", ["website", "--format=json"])).stdout).toBe("[]\n");
  });

  it("needs an endpoint outside relation hooks", async () => {
    const { run } = fakeTools({ relations: [db] });
    expect(await run("relation-ids", ["--format=json"])).toMatchObject({
      exitCode: 2,
      stderr: "ERROR no endpoint name specified\n",
    });
  });

  it("lists remote units and the remote app", async () => {
    const { run } = fakeTools({ relations: [db] });
    expect((await run("relation-list", ["--format=json", "-r", "db:3"])).stdout).toBe(
      '["postgresql/0","postgresql/1"]\n',
    );
    expect((await run("relation-list", ["--format=json", "--app", "-r", "db:3"])).stdout).toBe(
      '"postgresql"\n',
    );
  });

  it("drops the departing unit during relation-departed", async () => {
    const { run } = fakeTools({ relations: [db] }, { relationId: 3, departingUnit: "postgresql/1" });
    expect((await run("relation-list", ["--format=json"])).stdout).toBe('["postgresql/0"]\n');
  });

  it("rejects unknown and malformed relation ids like Juju's -r parser", async () => {
    const { run } = fakeTools({ relations: [db] });
    expect(await run("relation-list", ["--format=json", "-r", "db:9"])).toEqual({
      exitCode: 2,
      stdout: "",
      stderr: 'ERROR invalid value "db:9" for option -r: relation not found\n',
    });
    expect((await run("relation-list", ["-r", "db:x"])).stderr).toBe(
      'ERROR invalid value "db:x" for option -r: invalid relation id\n',
    );
    expect((await run("relation-list", ["--format=json"])).stderr).toBe("ERROR no relation id specified\n");
  });

  it("reports the remote model uuid", async () => {
    const { run } = fakeTools({ relations: [db] });
    expect(JSON.parse((await run("relation-model-get", ["--format=json", "-r", "db:3"])).stdout)).toEqual({
      uuid: "00000000-0000-4000-8000-000000000000",
    });
  });
});

describe("relation-get", () => {
  it("reads remote unit and app bags", async () => {
    const { run } = fakeTools({ relations: [db] });
    const unit = JSON.parse(
      (await run("relation-get", ["--format=json", "-r", "db:3", "-", "postgresql/0"])).stdout,
    );
    expect(unit).toMatchObject({ role: "primary", "private-address": "192.0.2.0" });
    const app = await run("relation-get", ["--format=json", "-r", "db:3", "--app", "-", "postgresql"]);
    expect(JSON.parse(app.stdout)).toEqual({ endpoints: "pg:5432" });
    const single = await run("relation-get", ["--format=json", "-r", "db:3", "role", "postgresql/0"]);
    expect(single.stdout).toBe('"primary"\n');
    const missing = await run("relation-get", ["--format=json", "-r", "db:3", "nope", "postgresql/0"]);
    expect(missing.stdout).toBe("null\n");
  });

  it("defaults to JUJU_REMOTE_UNIT in the relation's own hook", async () => {
    const { run } = fakeTools({ relations: [db] }, inDbHook);
    expect(JSON.parse((await run("relation-get", ["--format=json", "role"])).stdout)).toBe("primary");
  });

  it("refuses an application name without --app and a missing target", async () => {
    const { run } = fakeTools({ relations: [db] });
    expect((await run("relation-get", ["--format=json", "-r", "db:3", "-", "postgresql"])).stderr).toBe(
      'ERROR expected unit name, got application name "postgresql"\n',
    );
    expect((await run("relation-get", ["--format=json", "-r", "db:3"])).stderr).toBe(
      "ERROR no unit or application specified\n",
    );
    expect(await run("relation-get", ["--format=json", "-r", "db:3", "-", "mysql/0"])).toMatchObject({
      exitCode: 1,
      stderr: "ERROR unknown unit mysql/0\n",
    });
  });

  it("lets only the leader read its own application bag", async () => {
    const follower = fakeTools({ relations: [db] });
    expect(
      await follower.run("relation-get", ["--format=json", "-r", "db:3", "--app", "-", "demo"]),
    ).toMatchObject({
      exitCode: 1,
      stderr: "ERROR permission denied\n",
    });
    const leader = fakeTools({ relations: [db], leader: true });
    const out = await leader.run("relation-get", ["--format=json", "-r", "db:3", "--app", "-", "demo"]);
    expect(JSON.parse(out.stdout)).toEqual({ database: "demo" });
  });
});

describe("relation-set", () => {
  it("merges JSON from stdin into the unit bag; empty values delete; reads see pending writes", async () => {
    const { run, model } = fakeTools({ relations: [db] });
    expect(
      (await run("relation-set", ["-r", "db:3", "--file", "-"], '{"a":"1","ingress-address":""}')).exitCode,
    ).toBe(0);
    const bag = JSON.parse(
      (await run("relation-get", ["--format=json", "-r", "db:3", "-", "demo/0"])).stdout,
    );
    expect(bag).toEqual({ a: "1", "egress-subnets": "192.0.2.0/24", "private-address": "192.0.2.0" });
    expect(model.toState(true).relations[0]?.localUnitData).toEqual(bag);
    expect(model.toState(false).relations[0]?.localUnitData).toEqual(db.localUnitData);
  });

  it("accepts key=value arguments over the file", async () => {
    const { run, model } = fakeTools({ relations: [db] });
    await run("relation-set", ["-r", "db:3", "--file", "-", "a=2"], "a: '1'\nb: x\n");
    expect(model.toState(true).relations[0]?.localUnitData).toMatchObject({ a: "2", b: "x" });
  });

  it("refuses a non-leader writing the application bag", async () => {
    const { run, model } = fakeTools({ relations: [db] });
    expect(await run("relation-set", ["-r", "db:3", "--app", "--file", "-"], '{"x":"y"}')).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "ERROR cannot write relation settings\n",
    });
    expect(model.toState(true).relations[0]?.localAppData).toEqual({ database: "demo" });
  });

  it("lets the leader write the application bag", async () => {
    const { run, model } = fakeTools({ relations: [db], leader: true });
    await run("relation-set", ["-r", "db:3", "--app", "--file", "-"], '{"x":"y"}');
    expect(model.toState(true).relations[0]?.localAppData).toEqual({ database: "demo", x: "y" });
  });

  it("rejects malformed input", async () => {
    const { run } = fakeTools({ relations: [db] });
    expect((await run("relation-set", ["-r", "db:3", "novalue"])).stderr).toBe(
      'ERROR expected "key=value", got "novalue"\n',
    );
    expect((await run("relation-set", ["-r", "db:3", "--file", "-"], "[1, 2]")).exitCode).toBe(1);
  });
});

describe("peer relations", () => {
  it("let every unit read the application bag, and only the leader write it", async () => {
    const peers = relation({
      endpoint: "cluster",
      id: 8,
      remoteAppName: "demo",
      localAppData: { shared: "yes" },
      remoteUnitsData: { 1: { peer: "one" } },
    });
    const { run } = fakeTools({ relations: [peers] });
    const app = await run("relation-get", ["--format=json", "-r", "cluster:8", "--app", "-", "demo"]);
    expect(JSON.parse(app.stdout)).toEqual({ shared: "yes" });
    const unit = await run("relation-get", ["--format=json", "-r", "cluster:8", "peer", "demo/1"]);
    expect(unit.stdout).toBe('"one"\n');
    expect((await run("relation-list", ["--format=json", "-r", "cluster:8"])).stdout).toBe('["demo/1"]\n');
    expect((await run("relation-set", ["-r", "cluster:8", "--app", "--file", "-"], "{}")).exitCode).toBe(1);
  });
});
