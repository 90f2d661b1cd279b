// GARM stores runner-install templates as Go text/template source and executes them per runner.
// Text we inject must come out of that execution unchanged. Go only reacts to `{{` (an action
// starts) and, inside an action, `}}`; so each run of brace characters that contains a doubled
// brace is replaced by one action printing that run as a string literal: `{{` -> `{{"{{"}}`.
// Whole runs are escaped so that no literal `{` is left right before an emitted `{{"…"}}`
// (`{` + `{{"}}"}}` would read as an action starting with `{`). A run holds only braces, so the
// Go string literal never needs escapes. Runs without a doubled brace (`{}`, `}{`) stay as they are.

const BRACE_RUN = /[{}]{2,}/g;

/** Makes `text` a Go template whose output is exactly `text`. */
export function escapeGoTemplateText(text: string): string {
  return text.replace(BRACE_RUN, (run) => (run.includes("{{") || run.includes("}}") ? `{{"${run}"}}` : run));
}
