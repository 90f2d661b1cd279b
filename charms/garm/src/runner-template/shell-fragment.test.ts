import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lengthenUntilNoLineEquals, ShellFragment, TemplateBindingError } from "./shell-fragment.js";
import { runBash } from "./test-support/bash.js";

const AWKWARD_VALUES = [
  "plain",
  "",
  "it's",
  "'",
  "''",
  "'\\''",
  "$(id)",
  "`id`",
  "${HOME}",
  "a\nb",
  "tab\there",
  "back\\slash",
  '"double"',
  "; rm -rf / &&",
  "* ? [a-z]",
  "~root",
  "unicode \u00a0\u2028 ✓",
];

describe("ShellFragment.quote", () => {
  it.each(AWKWARD_VALUES)("bash reads %j back unchanged", (value) => {
    const quoted = ShellFragment.quote(value).text;
    expect(runBash(`printf %s ${quoted}`, tmpdir())).toBe(value);
  });

  it("wraps values in single quotes and rewrites embedded quotes", () => {
    expect(ShellFragment.quote("a'b").text).toBe(`'a'\\''b'`);
  });

  it("refuses NUL, which no shell word can carry", () => {
    expect(() => ShellFragment.quote("a\u0000b")).toThrow(TemplateBindingError);
  });
});

describe("ShellFragment.render", () => {
  it("fills placeholders and drops one leading and trailing newline of the template", () => {
    const out = ShellFragment.render("\necho @@A@@ @@B@@\n", {
      A: ShellFragment.quote("x"),
      B: ShellFragment.quote("y"),
    });
    expect(out.text).toBe("echo 'x' 'y'");
  });

  it("removes a line that holds only an empty placeholder, and keeps other empty placeholders", () => {
    const out = ShellFragment.render("one\n  @@GONE@@\ntwo @@EMPTY@@end", {
      GONE: ShellFragment.empty,
      EMPTY: ShellFragment.empty,
    });
    expect(out.text).toBe("one\ntwo end");
  });

  it("never rescans inserted text", () => {
    const out = ShellFragment.render("@@A@@ @@B@@", {
      A: ShellFragment.quote("@@B@@"),
      B: ShellFragment.quote("b"),
    });
    expect(out.text).toBe("'@@B@@' 'b'");
  });

  it("fails on a placeholder without a value and on a value without a placeholder", () => {
    expect(() => ShellFragment.render("@@A@@", {})).toThrow(TemplateBindingError);
    expect(() => ShellFragment.render("text", { A: ShellFragment.empty })).toThrow(
      /values without a placeholder: A/,
    );
  });
});

describe("ShellFragment.join", () => {
  it("skips empty parts so optional sections leave no gaps", () => {
    const parts = [ShellFragment.quote("a"), ShellFragment.empty, ShellFragment.quote("b")];
    expect(ShellFragment.join(parts, "section").text).toBe("'a'\n\n'b'");
    expect(ShellFragment.join(parts, "continuation").text).toBe("'a' \\\n    'b'");
  });
});

describe("ShellFragment.quotedHeredoc", () => {
  const contents = [
    "echo hi\n",
    "no final newline",
    "EOF\n$(id)\n`id`\n${HOME}\n\\\n",
    "GARM_CHARM_X\n GARM_CHARM_X\nGARM_CHARM_X \n\tGARM_CHARM_X\nGARM_CHARM_X\r\n",
    "\n\nblank lines around\n\n",
  ];

  it.each(contents)("bash writes %j back exactly (with a final newline)", (content) => {
    const { delimiter, body } = ShellFragment.quotedHeredoc(content, "GARM_CHARM_X");
    const dir = mkdtempSync(join(tmpdir(), "garm-heredoc-"));
    runBash(`cat > out <<'${delimiter.text}'\n${body.text}\n${delimiter.text}\n`, dir);
    expect(readFileSync(join(dir, "out"), "utf8")).toBe(content.endsWith("\n") ? content : `${content}\n`);
  });

  it("derives the delimiter from the content, so renders are byte-stable", () => {
    const a = ShellFragment.quotedHeredoc("echo hi\n", "GARM_CHARM_X").delimiter.text;
    expect(ShellFragment.quotedHeredoc("echo hi\n", "GARM_CHARM_X").delimiter.text).toBe(a);
    expect(ShellFragment.quotedHeredoc("echo ho\n", "GARM_CHARM_X").delimiter.text).not.toBe(a);
    expect(a).toMatch(/^GARM_CHARM_X_[0-9A-F]{12}$/);
  });

  it("accepts only upper-case word delimiters", () => {
    expect(() => ShellFragment.quotedHeredoc("x", "eof'")).toThrow(TemplateBindingError);
  });

  it("refuses NUL", () => {
    expect(() => ShellFragment.quotedHeredoc("a\u0000", "GARM_CHARM_X")).toThrow(TemplateBindingError);
  });
});

describe("lengthenUntilNoLineEquals", () => {
  it("appends underscores until no line equals the delimiter", () => {
    expect(lengthenUntilNoLineEquals("D", "a\nD\nD_\nD__x\n")).toBe("D__");
  });

  it("counts only whole lines split at LF, as bash does", () => {
    expect(lengthenUntilNoLineEquals("D", "D\r\n D\nD \n")).toBe("D");
  });
});
