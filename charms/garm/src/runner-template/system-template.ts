import { UnsupportedSystemTemplateError } from "./errors.js";

/** First line of every block the charm injects; a template that already has it is not a base. */
export const INJECTED_BLOCK_MARKER = "# ===== garm charm:";

const SET_ERREXIT_LINE = /^[ \t]*set[ \t]+(?:-[A-Za-z]*e[A-Za-z]*|-o[ \t]+errexit)(?:[ \t]|$)/m;
const LEADING_TRIM_ACTION = /^\s*\{\{-/;

/**
 * Puts `block` right after the shebang line, so it runs before the template's first `set -e`
 * and a failing best-effort step cannot abort the runner install. The block is Go template text
 * already (escaped by the caller); the template's own Go actions are left untouched.
 */
export function injectAfterShebang(systemTemplate: string, block: string): string {
  if (!systemTemplate.startsWith("#!")) {
    throw new UnsupportedSystemTemplateError("it does not start with a #! line");
  }
  const newline = systemTemplate.indexOf("\n");
  if (newline < 0) {
    throw new UnsupportedSystemTemplateError("it has nothing after the #! line");
  }
  const shebang = systemTemplate.slice(0, newline);
  const rest = systemTemplate.slice(newline + 1);
  if (!SET_ERREXIT_LINE.test(rest)) {
    throw new UnsupportedSystemTemplateError("it has no 'set -e' line to keep the injected steps ahead of");
  }
  if (systemTemplate.includes(INJECTED_BLOCK_MARKER)) {
    throw new UnsupportedSystemTemplateError("it already carries a block injected by the garm charm");
  }
  if (LEADING_TRIM_ACTION.test(rest)) {
    // "{{-" trims the whitespace before it, which would glue the block's last line to the template.
    throw new UnsupportedSystemTemplateError("the line after #! starts with a whitespace-trimming Go action");
  }
  const terminated = block.endsWith("\n") ? block : `${block}\n`;
  return `${shebang}\n${terminated}${rest}`;
}
