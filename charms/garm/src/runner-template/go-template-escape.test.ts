import { describe, expect, it } from "vitest";
import { escapeGoTemplateText } from "./go-template-escape.js";
import { executeGoTemplate, GoTemplateParseError } from "./test-support/go-template.js";

const TEXTS = [
  "${{ github.ref }}",
  "{{",
  "}}",
  "{{{",
  "}}}",
  "{}}",
  "{{}",
  "}{{",
  "{{{{}}}}",
  "a{b}c",
  "{}",
  "{{- if .X }}danger{{ end }}",
  '{{"{{"}}',
  "{{/* comment */}}",
  "{{ .CallbackToken }}",
  "{\n{",
  "x{",
];

describe("escapeGoTemplateText", () => {
  it.each(TEXTS)("Go template execution gives back %j", (text) => {
    expect(executeGoTemplate(escapeGoTemplateText(text))).toBe(text);
  });

  it("prints a doubled brace through one string action", () => {
    expect(escapeGoTemplateText("${{ x }}")).toBe('${{"{{"}} x {{"}}"}}');
  });

  it("escapes whole brace runs so no bare brace touches an emitted action", () => {
    expect(escapeGoTemplateText("{}}")).toBe('{{"{}}"}}');
  });

  it("leaves text without doubled braces alone", () => {
    expect(escapeGoTemplateText("f() { echo {}; }")).toBe("f() { echo {}; }");
  });

  it("is needed: unescaped operator text breaks or runs as Go template", () => {
    expect(() => executeGoTemplate("{}}{{{")).toThrow(GoTemplateParseError);
    expect(executeGoTemplate("{{ .CallbackToken }}", { CallbackToken: "secret" })).toBe("secret");
  });
});
