/** What tests of and with the local model share: the CLI driver and the local deploy arguments. */
export { cliBundle, LocalJuju, SHELL_CHARM_DIR, WORKLOAD_CHARM_DIR } from "./cli.js";
export type { CliResult, StatusDoc } from "./cli.js";
export { CONFIGURATOR_OPTIONS, GARM_LOCAL_RESOURCES } from "./local-deploy.js";
export { processAlive } from "../process.js";
