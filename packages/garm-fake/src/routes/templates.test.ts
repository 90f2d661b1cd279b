import { afterEach, describe, expect, it } from "vitest";
import type { GarmFake } from "../garm-fake.js";
import { b64, call, readyFake, scaleSetBody, seedEntities } from "../test-support.js";

let fake: GarmFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function ready(): Promise<string> {
  const started = await readyFake();
  fake = started.fake;
  return started.token;
}

const SCRIPT = "#!/bin/bash\nset -e\necho {{ .RunnerName }}\n";
const createBody = (overrides: Record<string, unknown> = {}) => ({
  name: "my-linux",
  description: "custom linux template",
  os_type: "linux",
  forge_type: "github",
  data: b64(SCRIPT),
  ...overrides,
});
const badRequest = (details: string) => ({ error: "Bad Request", details });

describe("4.5 templates", () => {
  it("lists the four system templates with data null and filters them", async () => {
    const token = await ready();
    const list = await call(fake!, "GET", "/api/v1/templates", { token });
    expect(list.status).toBe(200);
    const entries = list.body as Record<string, unknown>[];
    expect(entries.map((t) => [t["id"], t["name"], t["owner_id"], t["data"]])).toEqual([
      [1, "github_windows", "system", null],
      [2, "github_linux", "system", null],
      [3, "gitea_linux", "system", null],
      [4, "gitea_windows", "system", null],
    ]);
    const filtered = await call(fake!, "GET", "/api/v1/templates?osType=linux&forgeType=github", { token });
    expect((filtered.body as { name: string }[]).map((t) => t.name)).toEqual(["github_linux"]);
    const partial = await call(fake!, "GET", "/api/v1/templates?partialName=GITEA", { token });
    expect((partial.body as { name: string }[]).map((t) => t.name)).toEqual(["gitea_linux", "gitea_windows"]);
  });

  it("gets github_linux with base64 data of a bash Go template", async () => {
    const token = await ready();
    const result = await call(fake!, "GET", "/api/v1/templates/2", { token });
    expect(result.status).toBe(200);
    const body = result.body as Record<string, string>;
    expect(body).toMatchObject({
      id: 2,
      name: "github_linux",
      description: "Default Linux runner install template for GitHub",
      os_type: "linux",
      forge_type: "github",
      owner_id: "system",
    });
    expect(body["data"]!.startsWith("IyEvYmluL2Jhc2gK")).toBe(true);
    expect(Buffer.from(body["data"]!, "base64").toString()).toContain("{{ .CallbackURL }}");
  });

  it("creates with owner_id = the user, 409 on a duplicate name, 400 on bad params", async () => {
    const token = await ready();
    const created = await call(fake!, "POST", "/api/v1/templates", { token, body: createBody() });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: 5, name: "my-linux", owner_id: "admin", data: b64(SCRIPT) });
    const dup = await call(fake!, "POST", "/api/v1/templates", { token, body: createBody() });
    expect([dup.status, dup.body]).toEqual([
      409,
      {
        error: "Conflict",
        details: "failed to create template: a template name already exists with the specified name",
      },
    ]);
    const noData = await call(fake!, "POST", "/api/v1/templates", {
      token,
      body: createBody({ name: "x", data: undefined }),
    });
    expect([noData.status, noData.body]).toEqual([
      400,
      badRequest('invalid create params "template data is empty"'),
    ]);
    const macos = await call(fake!, "POST", "/api/v1/templates", {
      token,
      body: createBody({ name: "x", os_type: "macos" }),
    });
    expect(macos.status).toBe(400);
    expect((macos.body as { details: string }).details).toContain('invalid OS type: \\"macos\\"');
    const notB64 = await call(fake!, "POST", "/api/v1/templates", {
      token,
      body: createBody({ name: "x", data: "#!/bin/bash" }),
    });
    expect([notB64.status, notB64.body]).toEqual([400, badRequest("invalid request")]);
    const badTemplate = await call(fake!, "POST", "/api/v1/templates", {
      token,
      body: createBody({ name: "x", data: b64("#!/bin/bash\necho ${{ github.ref }\n") }),
    });
    expect([badTemplate.status, badTemplate.body]).toEqual([
      400,
      badRequest("failed to validate template: invalid template: line 2: unclosed action"),
    ]);
    const system = await call(fake!, "POST", "/api/v1/templates", {
      token,
      body: createBody({ name: "github_linux" }),
    });
    expect([system.status, (system.body as { owner_id: string }).owner_id]).toEqual([200, "admin"]);
  });

  it('always sends description, "" when empty, and accepts a template that names an unknown field (seen on a real GARM)', async () => {
    const token = await ready();
    const created = await call(fake!, "POST", "/api/v1/templates", {
      token,
      body: createBody({ description: undefined, data: b64("#!/bin/bash\necho {{ .NoSuchField }}\n") }),
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ description: "" });
    const listed = await call(fake!, "GET", "/api/v1/templates?partialName=my-linux", { token });
    expect(listed.body).toEqual([expect.objectContaining({ description: "" })]);
  });

  it("updates description, data and name; renaming onto a taken name is 500", async () => {
    const token = await ready();
    await call(fake!, "POST", "/api/v1/templates", { token, body: createBody() });
    await call(fake!, "POST", "/api/v1/templates", { token, body: createBody({ name: "other" }) });
    const updated = await call(fake!, "PUT", "/api/v1/templates/5", {
      token,
      body: { description: "updated description", data: b64("#!/bin/bash\necho 2\n") },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      description: "updated description",
      data: b64("#!/bin/bash\necho 2\n"),
    });
    const renamed = await call(fake!, "PUT", "/api/v1/templates/5", {
      token,
      body: { name: "my-linux-renamed" },
    });
    expect([renamed.status, (renamed.body as { name: string }).name]).toEqual([200, "my-linux-renamed"]);
    const clash = await call(fake!, "PUT", "/api/v1/templates/5", { token, body: { name: "other" } });
    expect([clash.status, clash.body]).toEqual([500, { error: "Server error", details: "" }]);
  });

  it("lets the admin update and delete a system template, and restore recreates it with a new id", async () => {
    const token = await ready();
    const updated = await call(fake!, "PUT", "/api/v1/templates/2", {
      token,
      body: { description: "changed" },
    });
    expect(updated.status).toBe(200);
    const deleted = await call(fake!, "DELETE", "/api/v1/templates/2", { token });
    expect([deleted.status, deleted.text]).toEqual([200, ""]);
    const gone = await call(fake!, "GET", "/api/v1/templates/2", { token });
    expect(gone.status).toBe(404);
    expect((gone.body as { details: string }).details).toMatch(/^failed to get template: .*not found$/);
    const again = await call(fake!, "DELETE", "/api/v1/templates/2", { token });
    expect(again.status).toBe(200);

    const restored = await call(fake!, "POST", "/api/v1/templates/restore", {
      token,
      body: { forge: "github", os_type: "linux" },
    });
    expect([restored.status, restored.text]).toEqual([200, ""]);
    const list = await call(fake!, "GET", "/api/v1/templates?osType=linux&forgeType=github", { token });
    expect(list.body).toEqual([
      expect.objectContaining({
        id: 5,
        name: "github_linux",
        owner_id: "system",
        description: "Default template for github runners on linux",
      }),
    ]);
    await call(fake!, "PUT", "/api/v1/templates/1", {
      token,
      body: { data: b64("#ps1_sysnative\nchanged\n") },
    });
    const all = await call(fake!, "POST", "/api/v1/templates/restore", {
      token,
      body: { restore_all: true },
    });
    expect(all.status).toBe(200);
    const windows = await call(fake!, "GET", "/api/v1/templates/1", { token });
    expect(Buffer.from((windows.body as { data: string }).data, "base64").toString()).not.toContain(
      "changed",
    );
    expect((await call(fake!, "GET", "/api/v1/templates", { token })).body).toHaveLength(4);
  });

  it("refuses to delete a template in use and gives new scale sets the system template", async () => {
    const token = await ready();
    const { orgId } = await seedEntities(fake!, token);
    const set = await call(fake!, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
      token,
      body: scaleSetBody(),
    });
    expect(set.body).toMatchObject({ template_id: 2, template_name: "github_linux" });
    const refused = await call(fake!, "DELETE", "/api/v1/templates/2", { token });
    expect([refused.status, refused.body]).toEqual([
      400,
      badRequest("cannot delete template while in use by pools or scale sets"),
    ]);
  });
});

describe("numeric path ids", () => {
  it("answers 400 `invalid <noun> ID` for an id that is not a uint", async () => {
    const token = await ready();
    const answers = await Promise.all(
      ["/api/v1/templates/x1", "/api/v1/github/credentials/-1", "/api/v1/scalesets/1.5"].map((path) =>
        call(fake!, "GET", path, { token }),
      ),
    );
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual([
      [400, badRequest("invalid template ID")],
      [400, badRequest("invalid credentials ID")],
      [400, badRequest("invalid scaleset ID")],
    ]);
  });
});
