/**
 * `./scripts/demo` (`pnpm demo`): the charms on the local Juju model, see local-demo/run.ts and
 * the README's quick start. `--keep` leaves the model running and prints how to poke at it.
 */
import { Command } from "commander";
import { DemoError } from "./local-demo/errors.js";
import { runLocalDemo } from "./local-demo/run.js";

const options = new Command("demo")
  .description("deploy the packed charms on a local Juju model, show GARM's scale set, then clean up")
  .option("--keep", "keep the model and its processes running, and print how to use it")
  .parse()
  .opts<{ keep?: boolean }>();

try {
  await runLocalDemo({ print: (line) => console.log(line), keep: options.keep === true });
} catch (error) {
  if (!(error instanceof DemoError)) throw error;
  console.error(`demo: ${error.message}`);
  process.exitCode = 1;
}
