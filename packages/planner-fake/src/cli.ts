/**
 * `planner-fake --port N --token-file F [--host H] [--prefix /p] [--flavor name[=n]]...`:
 * runs the planner fake until SIGINT or SIGTERM.
 */
import { Command } from "commander";
import { parseCliOptions } from "./cli-options.js";
import type { CliOptions } from "./cli-options.js";
import { PlannerFakeError } from "./errors.js";
import { startPlannerFake } from "./server.js";

const program = new Command()
  .name("planner-fake")
  .description("A stand-in for the GitHub runner planner: pressure routes, NDJSON stream, control endpoint")
  .requiredOption("--token-file <file>", "file holding the token clients must present")
  .option("--port <port>", "port to listen on (0: any free port)", "8080")
  .option("--host <address>", "address to listen on", "127.0.0.1")
  .option("--admin-token-file <file>", "file holding the admin token")
  .option("--prefix <path>", "serve the API under this path, as behind an ingress")
  .option("--flavor <name[=pressure]>", "a flavor to start with (repeatable)", collect, [])
  .option("--heartbeat-ms <ms>", "interval between heartbeat lines", "30000")
  .action(async (cli: CliOptions) => {
    const fake = await startPlannerFake(await parseCliOptions(cli));
    console.log(`planner-fake: serving ${fake.url} (control: ${fake.controlUrl}/_control/)`);
    const stop = () => void fake.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

try {
  await program.parseAsync();
} catch (error) {
  if (!(error instanceof PlannerFakeError)) throw error;
  console.error(`planner-fake: ${error.message}`);
  process.exitCode = 1;
}
