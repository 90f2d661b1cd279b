/** `pressure-reconciler --config <file> [--log-level info]`: runs until SIGTERM or SIGINT. */
import { Command, Option } from "commander";
import { main } from "./main.js";
import type { MainOptions } from "./main.js";

const program = new Command()
  .name("pressure-reconciler")
  .description("Owns min_idle_runners of planner-managed GARM scale sets, from the planner's pressure stream")
  .requiredOption("--config <file>", "the JSON configuration file the charm writes (mode 0600)")
  .addOption(
    new Option("--log-level <level>", "least level logged")
      .choices(["debug", "info", "warn", "error"])
      .default("info"),
  )
  .action(async (options: MainOptions) => {
    process.exitCode = await main(options);
    // Connections closed by stop() may leave undici timers behind; the work is done.
    process.exit();
  });

await program.parseAsync();
