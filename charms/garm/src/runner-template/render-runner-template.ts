import { escapeGoTemplateText } from "./go-template-escape.js";
import { needsCustomTemplate, type RunnerOptions } from "./runner-options.js";
import { renderInjectedBlock } from "./injected-block.js";
import { injectAfterShebang } from "./system-template.js";

export type RenderResult =
  { readonly kind: "default" } | { readonly kind: "custom"; readonly content: string };

/**
 * The runner-install template for one scaleset: GARM's system template with the runner options
 * injected, or `default` when no option needs a template (the scaleset keeps the base template).
 *
 * @throws UnsafeRunnerOptionError when an option fails re-validation (the message names the option)
 * @throws UnsupportedSystemTemplateError when the system template lacks a #! line or `set -e`
 */
export function renderRunnerTemplate(systemTemplate: string, options: RunnerOptions): RenderResult {
  if (!needsCustomTemplate(options)) {
    return { kind: "default" };
  }
  const block = renderInjectedBlock(options);
  return { kind: "custom", content: injectAfterShebang(systemTemplate, escapeGoTemplateText(block)) };
}
