import { describe, expect, it } from "vitest";
import { UnsupportedSystemTemplateError } from "./errors.js";
import { INJECTED_BLOCK_MARKER, injectAfterShebang } from "./system-template.js";

const BLOCK = "# ===== garm charm: test block\necho injected\n";

describe("injectAfterShebang", () => {
  it("puts the block right after the #! line, ahead of set -e", () => {
    expect(injectAfterShebang("#!/bin/bash\n\nset -e\necho base\n", BLOCK)).toBe(
      "#!/bin/bash\n# ===== garm charm: test block\necho injected\n\nset -e\necho base\n",
    );
  });

  it("terminates a block that lacks a final newline", () => {
    expect(injectAfterShebang("#!/bin/sh\nset -e\n", "echo x")).toBe("#!/bin/sh\necho x\nset -e\n");
  });

  it.each(["set -e", "  set -eu", "set -euo pipefail", "set -xe", "set -o errexit"])(
    "recognises %j",
    (line) => {
      expect(injectAfterShebang(`#!/bin/bash\n${line}\n`, BLOCK)).toContain(`${BLOCK}${line}\n`);
    },
  );

  it.each<[string, string]>([
    ["no shebang", "set -e\necho base\n"],
    ["a shebang with nothing after it", "#!/bin/bash"],
    ["no set -e", "#!/bin/bash\nset -x\necho base\n"],
    ["set -e only in a comment", "#!/bin/bash\n# set -e\n"],
    ["set +e only", "#!/bin/bash\nset +e\n"],
    ["an already injected block", `#!/bin/bash\n${INJECTED_BLOCK_MARKER} x\nset -e\n`],
    ["a trimming action after the shebang", "#!/bin/bash\n  {{- if .X }}\nset -e\n{{ end }}\n"],
  ])("rejects a template with %s", (_name, template) => {
    expect(() => injectAfterShebang(template, BLOCK)).toThrow(UnsupportedSystemTemplateError);
  });
});
