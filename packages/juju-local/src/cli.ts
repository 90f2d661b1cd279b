/**
 * `juju-local`: the `juju` command line over the local model. Flags and output formats follow
 * Juju 3.6's, so a script written for `juju` runs unchanged (the subset is in the README).
 * Errors print `ERROR <message>` on stderr with exit code 1 (2 for usage errors), as juju does.
 */
import { rmSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { stringify } from "yaml";
import { loadCharmDirMeta } from "./charm-store.js";
import { createModel, jujuHome, modelDir, withModel } from "./controller.js";
import { filterLog } from "./debug-log.js";
import { actionParams, actionParamsFile } from "./action-params.js";
import { configFile } from "./config-file.js";
import { JujuLocalError } from "./errors.js";
import { secretArgs, secretFile } from "./secret-content.js";
import { appOfUnit, findUnit } from "./model.js";
import * as ops from "./operations.js";
import { execInUnit } from "./pod/exec.js";
import { podDir } from "./pod/layout.js";
import { pebbleCli } from "./pod/pebble-cli.js";
import { runPod } from "./pod/pod-process.js";
import { stopAllPods } from "./pod/pods.js";
import { configDocument, secretDocument, showUnitDocument, statusDocument, statusTable } from "./output.js";

const home = jujuHome();
const collect = (value: string, previous: string[]): string[] => [...previous, value];

function keyValues(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const at = arg.indexOf("=");
    if (at <= 0) throw new JujuLocalError(`expected "key=value", got "${arg}"`, 2);
    out[arg.slice(0, at)] = arg.slice(at + 1);
  }
  return out;
}

/** `--config k=v` or `--config file.yaml` (`{<app>: {k: v}}` or a flat map), as juju deploy takes them. */
function deployConfig(values: readonly string[], appName: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    if (value.includes("=")) {
      Object.assign(out, keyValues([value]));
      continue;
    }
    Object.assign(out, configFile(value, appName));
  }
  return out;
}

function print(format: string | undefined, doc: unknown, text: () => string): void {
  if (format === "json") process.stdout.write(`${JSON.stringify(doc)}\n`);
  else if (format === "yaml") process.stdout.write(stringify(doc));
  else process.stdout.write(text());
}

const program = new Command("juju").exitOverride().option("-m, --model <model>", "model to operate in");
const model = (): string | undefined => program.opts<{ model?: string }>().model;
const formatOption = (): Option =>
  new Option("--format <format>", "output format").choices(["json", "yaml", "tabular", "smart"]);

program
  .command("add-model <name> [cloud]")
  .option("--no-switch", "do not make the new model the current one")
  .option("--config <key=value>", "model config (accepted, not applied)", collect, [])
  .option("-c, --controller <controller>")
  .option("--credential <credential>")
  .action((name: string, _cloud: string | undefined, o: { switch: boolean }) => {
    createModel(home, name, { switchTo: o.switch });
    process.stderr.write(`Added '${name}' model on local/localhost\n`);
  });

program
  .command("destroy-model <name>")
  .option("--no-prompt")
  .option("-y")
  .option("--force")
  .option("--destroy-storage")
  .option("--no-wait")
  .action((name: string) => {
    // The workloads go with the model: no process outlives it.
    stopAllPods(modelDir(home, name));
    rmSync(modelDir(home, name), { recursive: true, force: true });
  });

program
  .command("stop")
  .description("stop the model's workload pods (state is kept; the next command restarts them)")
  .action(async () => {
    await withModel(home, model(), (h) => stopAllPods(h.dir), { settle: false });
  });

program
  .command("exec [command...]")
  .requiredOption("-u, --unit <unit>", "the unit to run the command on")
  .addOption(formatOption())
  .option("--timeout <duration>")
  .option("--all")
  .action(async (words: string[], o: { unit: string; format?: string }) => {
    const target = await withModel(home, model(), (h) => {
      const unit = findUnit(h.state, o.unit);
      if (unit === undefined) throw new JujuLocalError(`unit "${o.unit}" not found`);
      const app = ops.application(h.state, appOfUnit(o.unit));
      return {
        id: String(h.state.nextActionId++),
        dir: h.dir,
        charmDir: app.charmDir,
        env: { JUJU_UNIT_NAME: unit.name, JUJU_MODEL_NAME: h.state.name, JUJU_CHARM_DIR: app.charmDir },
      };
    });
    const result = execInUnit({
      command: words.join(" "),
      modelDir: target.dir,
      containersDir: podDir(target.dir, o.unit),
      charmDir: target.charmDir,
      env: target.env,
    });
    const failed = result.code !== 0;
    if (o.format === "json" || o.format === "yaml") {
      const results = {
        "return-code": result.code,
        ...(result.stdout === "" ? {} : { stdout: result.stdout }),
        ...(result.stderr === "" ? {} : { stderr: result.stderr }),
      };
      const doc = {
        [o.unit]: { id: target.id, results, status: failed ? "failed" : "completed", unit: o.unit },
      };
      print(o.format, doc, () => "");
    } else {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
    }
    if (failed) {
      process.stderr.write(
        `ERROR the following task failed:\n id "${target.id}" with return code ${String(result.code)}\n\nuse 'juju show-task' to inspect the failure\n`,
      );
      process.exitCode = 1;
    }
  });

// Internal: the pod process of a unit (started detached by the CLI, see pod/pods.ts).
program.command("__pod <dir>", { hidden: true }).action(async (dir: string) => {
  await runPod(dir);
});

program
  .command("deploy <charm> [application]")
  .option("--config <value>", "key=value or a YAML file", collect, [])
  .option("--resource <name=value>", "resource", collect, [])
  .option("-n, --num-units <n>", "number of units", "1")
  .option("--trust")
  .option("--base <base>")
  .option("--channel <channel>")
  .action(
    async (
      charm: string,
      appName: string | undefined,
      o: { config: string[]; resource: string[]; numUnits: string; trust?: boolean },
    ) => {
      await withModel(home, model(), async (h) => {
        const app = await ops.deploy(h, charm, {
          ...(appName === undefined ? {} : { appName }),
          config: deployConfig(o.config, appName),
          resources: keyValues(o.resource),
          numUnits: Number(o.numUnits),
          trust: o.trust === true,
        });
        process.stderr.write(
          `Deployed "${app.name}" from local charm "${app.charmName}", revision ${String(app.charmRev)}\n`,
        );
      });
    },
  );

program
  .command("config <application> [settings...]")
  .option("--reset <keys>", "comma-separated keys to reset")
  .option("--file <path>")
  .addOption(formatOption())
  .action(
    async (appName: string, settings: string[], o: { reset?: string; format?: string; file?: string }) => {
      const sets = settings.filter((s) => s.includes("="));
      const reset = o.reset === undefined ? [] : o.reset.split(",");
      if (sets.length > 0 || reset.length > 0 || o.file !== undefined) {
        const values = {
          ...(o.file === undefined ? {} : deployConfig([o.file], appName)),
          ...keyValues(sets),
        };
        await withModel(home, model(), (h) => ops.setConfig(h, appName, values, reset));
        return;
      }
      await withModel(
        home,
        model(),
        (h) => {
          const app = ops.application(h.state, appName);
          const doc = configDocument(app, loadCharmDirMeta(app.charmDir));
          const key = settings[0];
          if (key !== undefined) {
            const entry = (doc["settings"] as Record<string, { value?: unknown }>)[key];
            if (entry === undefined)
              throw new JujuLocalError(
                `key "${key}" not found in "${appName}" application config or charm settings.`,
              );
            process.stdout.write(`${entry.value === undefined ? "" : String(entry.value)}\n`);
            return;
          }
          print(o.format ?? "yaml", doc, () => stringify(doc));
        },
        { settle: false },
      );
    },
  );

program
  .command("integrate <a> <b>")
  .alias("relate")
  .action(async (a: string, b: string) => {
    await withModel(home, model(), (h) => void ops.integrate(h, a, b));
  });

program
  .command("remove-relation <a> <b>")
  .option("--force")
  .action(async (a: string, b: string) => {
    await withModel(home, model(), (h) => ops.removeRelation(h, a, b));
  });

program
  .command("add-unit <application>")
  .option("-n, --num-units <n>", "units", "1")
  .action(async (app: string, o: { numUnits: string }) => {
    await withModel(home, model(), (h) => ops.addUnit(h, app, Number(o.numUnits)));
  });

program
  .command("remove-unit <units...>")
  .option("--no-prompt")
  .option("--force")
  .option("--destroy-storage")
  .option("--num-units <n>")
  .action(async (units: string[]) => {
    await withModel(home, model(), (h) => units.forEach((u) => ops.removeUnit(h, u)));
  });

program
  .command("remove-application <application>")
  .option("--no-prompt")
  .option("--force")
  .option("--destroy-storage")
  .option("--no-wait")
  .action(async (app: string) => {
    await withModel(home, model(), (h) => ops.removeApplication(h, app));
  });

program
  .command("refresh <application>")
  .requiredOption("--path <charm>")
  .option("--resource <name=value>", "resource", collect, [])
  .action(async (app: string, o: { path: string }) => {
    await withModel(home, model(), (h) => ops.refresh(h, app, o.path));
  });

program
  .command("resolve <unit>")
  .alias("resolved")
  .option("--no-retry")
  .action(async (unit: string, o: { retry: boolean }) => {
    await withModel(home, model(), (h) => ops.resolveUnit(h, unit, o.retry));
  });

program
  .command("run <unit> <action> [params...]")
  .option("--params <file>", "YAML file of parameters")
  .option("--string-args", "keep key=value values as strings (else parsed as YAML)")
  .addOption(formatOption())
  .option("--wait <timeout>")
  .option("--background")
  .action(
    async (
      unitName: string,
      action: string,
      params: string[],
      o: { params?: string; format?: string; stringArgs?: boolean },
    ) => {
      const fromFile = o.params === undefined ? {} : actionParamsFile(o.params);
      const fromArgs = actionParams(params, { stringArgs: o.stringArgs === true });
      const id = await withModel(home, model(), (h) =>
        ops.enqueueAction(h, unitName, action, { ...fromFile, ...fromArgs }),
      );
      const record = await withModel(home, model(), (h) => h.state.actions[id], { settle: false });
      if (record === undefined) throw new JujuLocalError(`action ${id} not found`);
      const task = {
        id: record.id,
        status: record.status,
        ...(record.message === "" ? {} : { message: record.message }),
        results: record.results,
        log: record.log,
        unit: record.unit,
        timing: { enqueued: record.enqueued, started: record.started, completed: record.completed },
      };
      if (o.format === "json" || o.format === "yaml") print(o.format, { [record.unit]: task }, () => "");
      else {
        const { stdout, stderr, "return-code": _code, ...rest } = record.results;
        if (Object.keys(rest).length > 0) process.stdout.write(stringify(rest));
        if (typeof stdout === "string") process.stdout.write(stdout);
        if (typeof stderr === "string") process.stderr.write(stderr);
      }
      if (record.status !== "completed") {
        process.stderr.write(
          `ERROR the following task failed:\n id "${record.id}" with return code ${String(record.results["return-code"] ?? 1)}\n`,
        );
        process.exitCode = 1;
      }
    },
  );

program
  .command("status [filter...]")
  .addOption(formatOption())
  .option("--relations")
  .option("--color")
  .action(async (_f: string[], o: { format?: string }) => {
    await withModel(home, model(), (h) =>
      print(o.format, statusDocument(h.state), () => statusTable(h.state)),
    );
  });

program
  .command("show-unit <unit>")
  .addOption(formatOption())
  .action(async (unitName: string, o: { format?: string }) => {
    await withModel(
      home,
      model(),
      (h) => {
        const unit = findUnit(h.state, unitName);
        if (unit === undefined) throw new JujuLocalError(`unit "${unitName}" not found`);
        const doc = showUnitDocument(h.state, unit);
        print(o.format ?? "yaml", doc, () => stringify(doc));
      },
      { settle: false },
    );
  });

program
  .command("add-secret <name> [content...]")
  .option("--info <description>")
  .option("--file <path>")
  .action(async (name: string, content: string[], o: { info?: string; file?: string }) => {
    const fromFile = o.file === undefined ? {} : secretFile(o.file);
    const secret = await withModel(
      home,
      model(),
      (h) => ops.addSecret(h, name, { ...fromFile, ...secretArgs(content) }, o.info),
      { settle: false },
    );
    process.stdout.write(`secret:${secret.id}\n`);
  });

program
  .command("update-secret <secret> [content...]")
  .option("--info <description>")
  .action(async (ref: string, content: string[], o: { info?: string }) => {
    await withModel(home, model(), (h) => ops.updateSecret(h, ref, secretArgs(content), o.info));
  });

program.command("grant-secret <secret> <applications>").action(async (ref: string, apps: string) => {
  await withModel(home, model(), (h) => ops.grantSecret(h, ref, apps.split(",")));
});

program
  .command("secrets")
  .alias("list-secrets")
  .addOption(formatOption())
  .option("--owner <owner>")
  .action(async (o: { format?: string }) => {
    await withModel(
      home,
      model(),
      (h) => {
        const doc = Object.fromEntries(h.state.secrets.map((s) => [s.id, secretDocument(s, false)]));
        print(
          o.format,
          doc,
          () =>
            `${["ID                    Name  Owner  Rotation  Revision  Last updated", ...h.state.secrets.map((s) => `${s.id}  ${s.name ?? "-"}  ${s.owner.kind === "model" ? "<model>" : s.owner.name}  never  ${String(s.revisions.at(-1)?.revision ?? 0)}  ${s.updated}`)].join("\n")}\n`,
        );
      },
      { settle: false },
    );
  });

program
  .command("show-secret <secret>")
  .option("--reveal")
  .option("--revisions")
  .addOption(formatOption())
  .action(async (ref: string, o: { reveal?: boolean; format?: string }) => {
    await withModel(
      home,
      model(),
      (h) => {
        const secret = ops.findSecret(h.state, ref);
        const doc = { [secret.id]: secretDocument(secret, o.reveal === true) };
        print(o.format ?? "yaml", doc, () => stringify(doc));
      },
      { settle: false },
    );
  });

program.command("model-config [settings...]").action(async (settings: string[]) => {
  await withModel(home, model(), (h) => {
    const values = keyValues(settings);
    const interval = values["update-status-hook-interval"];
    if (interval !== undefined) h.state.updateStatusInterval = parseDuration(interval);
    if (settings.length === 0)
      process.stdout.write(`update-status-hook-interval: ${String(h.state.updateStatusInterval)}s\n`);
  });
});

program
  .command("debug-log")
  .option("--replay")
  .option("--no-tail")
  .option("--include <entity>", "unit or application", collect, [])
  .option("--level <level>")
  .option("-n, --lines <n>")
  .option("--limit <n>")
  .action(async (o: { include: string[]; level?: string; limit?: string; lines?: string }) => {
    await withModel(
      home,
      model(),
      (h) => {
        const lines = filterLog(h.log.lines(), o.include, o.level);
        const limit = Number(o.limit ?? o.lines ?? "0");
        process.stdout.write(
          lines
            .slice(limit > 0 ? -limit : 0)
            .map((l) => `${l}\n`)
            .join(""),
        );
      },
      { settle: false },
    );
  });

program
  .command("wait-for-idle")
  .description("run every due hook (what the controller does between commands)")
  .action(async () => {
    await withModel(home, model(), () => undefined);
  });

async function pebbleCliMain(args: string[]): Promise<number> {
  try {
    return await pebbleCli(args);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function parseDuration(text: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(text);
  if (match === null) throw new JujuLocalError(`invalid duration "${text}"`, 2);
  const factor = match[2] === "h" ? 3600 : match[2] === "m" ? 60 : 1;
  return Number(match[1]) * factor;
}

try {
  // Internal: the Pebble CLI stand-in behind `/charm/bin/pebble` in `juju exec` (its own argv rules).
  if (process.argv[2] === "__pebble") process.exitCode = await pebbleCliMain(process.argv.slice(3));
  else await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof JujuLocalError) {
    process.stderr.write(`ERROR ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`ERROR ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
