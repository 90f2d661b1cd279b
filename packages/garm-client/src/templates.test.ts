import { describe, expect, it } from "vitest";
import {
  createTemplateToWire,
  listTemplatesQuery,
  restoreTemplatesToWire,
  templateWire,
  templatesWire,
  updateTemplateToWire,
} from "./templates.js";

const SCRIPT = "#!/bin/bash\nset -e\necho {{ .RunnerName }}\n";

describe("template wire mapping", () => {
  it("decodes the base64 `data` of a single template and marks system templates", () => {
    const template = templateWire.parse({
      id: 2,
      name: "github_linux",
      description: "Default Linux runner install template for GitHub",
      os_type: "linux",
      forge_type: "github",
      owner_id: "system",
      data: Buffer.from(SCRIPT).toString("base64"),
    });
    expect(template).toEqual({
      id: 2,
      name: "github_linux",
      description: "Default Linux runner install template for GitHub",
      osType: "linux",
      forgeType: "github",
      owner: "system",
      isSystem: true,
      script: SCRIPT,
    });
  });

  it("reads list entries, whose data is null, as having no script", () => {
    const list = templatesWire.parse([
      {
        id: 1,
        name: "github_windows",
        os_type: "windows",
        forge_type: "github",
        owner_id: "system",
        data: null,
      },
      { id: 5, name: "mine", os_type: "linux", forge_type: "github", owner_id: "admin" },
    ]);
    expect(list.map((t) => [t.id, t.script, t.isSystem])).toEqual([
      [1, undefined, true],
      [5, undefined, false],
    ]);
  });

  it("rejects data that is not base64", () => {
    expect(templateWire.safeParse({ id: 1, name: "x", data: "#!/bin/bash" }).success).toBe(false);
  });

  it("encodes the script on create and update", () => {
    expect(createTemplateToWire({ name: "t", osType: "linux", forgeType: "github", script: SCRIPT })).toEqual(
      {
        name: "t",
        description: "",
        os_type: "linux",
        forge_type: "github",
        data: Buffer.from(SCRIPT).toString("base64"),
      },
    );
    expect(updateTemplateToWire({ script: "x" })).toEqual({ data: "eA==" });
    expect(updateTemplateToWire({ name: "renamed" })).toEqual({ name: "renamed" });
  });

  it("builds GARM's camelCase list filters and restore bodies", () => {
    expect(listTemplatesQuery({ osType: "linux", forgeType: "github" })).toEqual({
      osType: "linux",
      forgeType: "github",
      partialName: undefined,
    });
    expect(restoreTemplatesToWire({ all: true })).toEqual({ restore_all: true });
    expect(restoreTemplatesToWire({ forgeType: "github", osType: "linux" })).toEqual({
      forge: "github",
      os_type: "linux",
    });
  });
});
