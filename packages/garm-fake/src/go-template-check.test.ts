import { describe, expect, it } from "vitest";
import { checkGoTemplate } from "./go-template-check.js";
import { SYSTEM_TEMPLATES } from "./system-templates.js";

describe("Go text/template structure check", () => {
  it("accepts every system template stand-in", () => {
    for (const template of SYSTEM_TEMPLATES) expect(checkGoTemplate(template.data)).toBeUndefined();
  });

  it("accepts balanced blocks and escaped braces", () => {
    expect(checkGoTemplate('{{- if .X }}a{{ else }}b{{- end }}\necho {{"{{"}} x {{"}}"}}')).toBeUndefined();
  });

  it("reports unclosed actions, stray ends and missing ends with the line", () => {
    expect(checkGoTemplate("#!/bin/bash\necho ${{ github.ref")).toBe("line 2: unclosed action");
    expect(checkGoTemplate("a\nb\n{{ end }}")).toBe("line 3: unexpected {{end}}");
    expect(checkGoTemplate("{{ if .X }}\nx\n")).toBe("line 3: unexpected EOF");
    expect(checkGoTemplate("{{ else }}")).toBe("line 1: unexpected {{else}}");
  });
});

describe("system template stand-ins", () => {
  it("have GARM's ids, names and the install-script structure", () => {
    expect(SYSTEM_TEMPLATES.map((t) => [t.id, t.name, t.osType, t.forgeType])).toEqual([
      [1, "github_windows", "windows", "github"],
      [2, "github_linux", "linux", "github"],
      [3, "gitea_linux", "linux", "gitea"],
      [4, "gitea_windows", "windows", "gitea"],
    ]);
    const linux = SYSTEM_TEMPLATES[1]!.data;
    expect(linux.startsWith("#!/bin/bash\n")).toBe(true);
    expect(linux).toContain("\nset -e\n");
    expect(linux).toContain("{{ .RunnerName }}");
    expect(linux).toContain('if [ ! -d "$RUN_HOME" ]');
    expect(SYSTEM_TEMPLATES[0]!.data.startsWith("#ps1_sysnative")).toBe(true);
  });
});
