/** api-behaviour.md §4.5 (runner-install templates) and source rule 2. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GarmClient } from "../client.js";
import type { OsType, Template } from "../templates.js";
import { apiError } from "./test-support/expect-error.js";
import { ADMIN, ContractTarget, onRealGarm, titled, uniqueName } from "./test-support/target.js";

const SCRIPT = '#!/bin/bash\nset -euo pipefail\necho "installing {{ .RunnerName }}"\n';

describe("GARM contract: runner-install templates (§4.5)", () => {
  let target: ContractTarget;
  let admin: GarmClient;

  beforeAll(async () => {
    target = await ContractTarget.open();
    admin = await target.admin();
    // System templates are edited and deleted below: put them back whatever happens.
    await target.protectSystemTemplates(admin);
  });
  afterAll(async () => target.close());

  async function systemTemplate(name: string): Promise<Template> {
    const found = (await admin.listTemplates()).find((t) => t.isSystem && t.name === name);
    if (found === undefined) throw new Error(`GARM has no system template ${name}`);
    return found;
  }

  async function createTemplate(label: string, script = SCRIPT): Promise<Template> {
    const template = await admin.createTemplate({
      name: uniqueName(label),
      description: "custom linux template",
      osType: "linux",
      forgeType: "github",
      script,
    });
    target.onCleanup(`template ${template.name}`, () => admin.deleteTemplate(template.id));
    return template;
  }

  it.skipIf(onRealGarm)(
    titled(
      "GET /templates on a fresh database lists the four system templates, without data",
      !onRealGarm,
      "a real GARM's system templates may have been deleted and restored with new ids",
    ),
    async () => {
      const templates = await admin.listTemplates();
      expect(templates.map((t) => [t.id, t.name, t.owner, t.script])).toEqual([
        [1, "github_windows", "system", undefined],
        [2, "github_linux", "system", undefined],
        [3, "gitea_linux", "system", undefined],
        [4, "gitea_windows", "system", undefined],
      ]);
    },
  );

  it("GET /templates?osType=linux&forgeType=github lists github_linux only", async () => {
    const templates = await admin.listTemplates({ osType: "linux", forgeType: "github" });
    expect(templates.every((t) => t.osType === "linux" && t.forgeType === "github")).toBe(true);
    expect(templates.filter((t) => t.isSystem).map((t) => t.name)).toEqual(["github_linux"]);
  });

  it("GET /templates?partialName= filters by a substring of the name", async () => {
    const templates = await admin.listTemplates({ partialName: "_windows" });
    expect(templates.length).toBeGreaterThan(0);
    expect(templates.every((t) => t.name.includes("_windows"))).toBe(true);
  });

  it("GET /templates/{id} returns the decoded script of github_linux", async () => {
    const listed = await systemTemplate("github_linux");
    const template = await admin.getTemplate(listed.id);
    expect(template).toMatchObject({ id: listed.id, osType: "linux", forgeType: "github", isSystem: true });
    expect(template.script).toMatch(/^#!\/bin\/bash/);
  });

  it("POST /templates creates a template owned by the admin; its script reads back unchanged", async () => {
    const created = await createTemplate("my-linux");
    expect(created).toMatchObject({
      osType: "linux",
      forgeType: "github",
      owner: ADMIN.username,
      isSystem: false,
    });
    expect((await admin.getTemplate(created.id)).script).toBe(SCRIPT);
  });

  it("the same name again is 409", async () => {
    const created = await createTemplate("dup");
    const error = await apiError(
      admin.createTemplate({ name: created.name, osType: "linux", forgeType: "github", script: SCRIPT }),
    );
    expect(error.isConflict).toBe(true);
    expect(error.details).toContain("a template name already exists");
  });

  it("an empty script is 400 `template data is empty`", async () => {
    const error = await apiError(
      admin.createTemplate({ name: uniqueName("empty"), osType: "linux", forgeType: "github", script: "" }),
    );
    expect(error.isBadRequest).toBe(true);
    expect(error.details).toContain("template data is empty");
  });

  it("an unknown OS type is 400", async () => {
    const error = await apiError(
      admin.createTemplate({
        name: uniqueName("macos"),
        osType: "macos" as OsType,
        forgeType: "github",
        script: SCRIPT,
      }),
    );
    expect(error.isBadRequest).toBe(true);
    expect(error.details).toContain('invalid OS type: \\"macos\\"');
  });

  it("a script that is not a valid Go template is 400 `failed to validate template`", async () => {
    const error = await apiError(
      admin.createTemplate({
        name: uniqueName("broken"),
        osType: "linux",
        forgeType: "github",
        script: "echo {{ .",
      }),
    );
    expect(error.isBadRequest).toBe(true);
    expect(error.details).toContain("failed to validate template");
  });

  it("PUT /templates/{id} updates description and script, then renames", async () => {
    const created = await createTemplate("upd");
    const updated = await admin.updateTemplate(created.id, {
      description: "updated description",
      script: "#!/bin/sh\n",
    });
    expect(updated.description).toBe("updated description");
    expect((await admin.getTemplate(created.id)).script).toBe("#!/bin/sh\n");
    const renamed = await admin.updateTemplate(created.id, { name: `${created.name}-renamed` });
    expect(renamed.name).toBe(`${created.name}-renamed`);
  });

  it("the admin may edit a system template; restoring it while it exists keeps its id and rewrites only its data, not its description", async () => {
    const system = await systemTemplate("gitea_linux");
    const original = (await admin.getTemplate(system.id)).script;
    const edited = await admin.updateTemplate(system.id, {
      description: "edited by the contract suite",
      script: "#!/bin/bash\necho edited\n",
    });
    expect(edited.description).toBe("edited by the contract suite");
    await admin.restoreTemplates({ forgeType: "gitea", osType: "linux" });
    const restored = await systemTemplate("gitea_linux");
    expect(restored).toMatchObject({ id: system.id, description: "edited by the contract suite" });
    expect((await admin.getTemplate(system.id)).script).toBe(original);
  });

  it("the admin may delete a system template; restore recreates it with a new id", async () => {
    const system = await systemTemplate("github_windows");
    await admin.deleteTemplate(system.id);
    expect((await apiError(admin.getTemplate(system.id))).isNotFound).toBe(true);
    await admin.restoreTemplates({ forgeType: "github", osType: "windows" });
    const restored = await systemTemplate("github_windows");
    expect(restored.id).not.toBe(system.id);
    expect(restored.description).toBe("Default template for github runners on windows");
  });

  it("POST /templates/restore with restore_all succeeds and all four system templates exist", async () => {
    await admin.restoreTemplates({ all: true });
    const names = (await admin.listTemplates()).filter((t) => t.isSystem).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["github_windows", "github_linux", "gitea_linux", "gitea_windows"]),
    );
  });

  it("DELETE /templates/{id} of a missing id succeeds", async () => {
    const created = await createTemplate("gone");
    await admin.deleteTemplate(created.id);
    await expect(admin.deleteTemplate(created.id)).resolves.toBeUndefined();
  });
});
