export { renderRunnerTemplate, type RenderResult } from "./render-runner-template.js";
export {
  APROXY_PRE_INSTALL_SCRIPT_NAME,
  buildPreInstallExtraSpecs,
  mergePreInstallScripts,
  renderAproxyPreInstallScript,
  type ScalesetPreInstallExtraSpecs,
} from "./proxy-extra-specs.js";
export {
  needsCustomTemplate,
  RUNNER_OPTION_NAMES,
  type RunnerOptionName,
  type RunnerOptions,
} from "./runner-options.js";
export {
  PreInstallScriptOrderError,
  UnsafeRunnerOptionError,
  UnsupportedSystemTemplateError,
} from "./errors.js";
export { INJECTED_BLOCK_MARKER } from "./system-template.js";
export { PRE_JOB_HOOK_PATH, RUNNER_ENV_PATH, RUNNER_HOME, RUNNER_USER } from "./runner-paths.js";
export { escapeGoTemplateText } from "./go-template-escape.js";
export { ShellFragment, type QuotedHeredoc } from "./shell-fragment.js";
