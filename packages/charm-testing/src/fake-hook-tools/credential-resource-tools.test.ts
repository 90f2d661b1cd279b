import { describe, expect, it } from "vitest";
import { fakeTools } from "./test-support.js";

const spec = {
  type: "openstack",
  name: "serverstack",
  region: "RegionOne",
  endpoint: "https://keystone.example:5000/v3",
  credential: { "auth-type": "userpass", attrs: { username: "garm" }, redacted: ["password"] },
  "skip-tls-verify": false,
  "is-controller-cloud": false,
};

describe("credential-get", () => {
  it("prints the trusted application's cloud spec as JSON", async () => {
    const { run } = fakeTools({ cloudSpec: spec });
    const result = await run("credential-get", ["--format=json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(spec);
  });

  it("refuses an application that is not trusted", async () => {
    const { run } = fakeTools();
    expect(await run("credential-get", ["--format=json"])).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "ERROR permission denied: the application is not trusted\n",
    });
  });
});

describe("resource-get", () => {
  it("prints the path of an uploaded file resource, without --format", async () => {
    const { run } = fakeTools({ resources: { "garm-binary": "/var/lib/juju/resources/garm-binary/garm" } });
    expect(await run("resource-get", ["garm-binary"])).toEqual({
      exitCode: 0,
      stdout: "/var/lib/juju/resources/garm-binary/garm\n",
      stderr: "",
    });
    expect((await run("resource-get", ["garm-binary", "--format=json"])).exitCode).toBe(2);
  });

  it("fails for an undeclared resource, one not uploaded, and a missing name", async () => {
    const { run } = fakeTools();
    expect(await run("resource-get", ["nope"])).toMatchObject({
      exitCode: 1,
      stderr: 'ERROR resource "nope" not found\n',
    });
    expect(await run("resource-get", ["garm-binary"])).toMatchObject({
      exitCode: 1,
      stderr: "ERROR could not download resource: resource#demo/garm-binary not found\n",
    });
    expect(await run("resource-get", [])).toMatchObject({ exitCode: 2 });
  });
});
