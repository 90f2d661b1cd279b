/** What tests of and with the local model share: the CLI driver, the local deploy arguments and GARM's port. */
export { cliBundle, LocalJuju, SHELL_CHARM_DIR, WORKLOAD_CHARM_DIR, writeCliExecutable } from "./cli.js";
export type { CliResult, StatusDoc } from "./cli.js";
export { CONFIGURATOR_OPTIONS, GARM_LOCAL_RESOURCES } from "./local-deploy.js";
export { awaitPortFree, GARM_PORT, holdGarmPort, portFree, type PortWait } from "./garm-port.js";
export { processAlive } from "../process.js";
