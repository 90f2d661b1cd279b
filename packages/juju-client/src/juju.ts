/**
 * A Juju client shaped like Jubilant (juju-contract §4.5): every method is one `juju` command, run
 * as an argv array, with `--model` after the command name as Jubilant passes it. The same client
 * drives real `juju` and the local model's `juju`-compatible command line.
 */
import { stringify as toYaml } from "yaml";
import type * as z from "zod";

import {
  configArg,
  configOutputSchema,
  configValues,
  type ConfigValue,
  type ConfigValues,
} from "./config.js";
import { CLIError, OutputError, TaskError } from "./errors.js";
import { runCli, type CliRun } from "./run-cli.js";
import { secretListSchema, secretRevealSchema, type SecretSummary } from "./secrets.js";
import { defaultTempDir, withPrivateFile } from "./secret-files.js";
import { statusSchema, type Status } from "./status.js";
import { taskOf, taskOutputSchema, type Task } from "./task.js";
import { waitFor, type WaitOptions } from "./wait.js";

export interface JujuOptions {
  /** Model every model-scoped command names; the controller's current model when unset. */
  readonly model?: string;
  /** Default `wait` timeout, in milliseconds (Jubilant's default: 3 minutes). */
  readonly waitTimeout?: number;
  /** The juju executable: a name looked up on PATH or a path. */
  readonly cliBinary?: string;
  /** Variables added to the environment juju runs with. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where secret and parameter files are written (see secret-files.ts). */
  readonly tempDir?: string;
}

export interface DeployOptions {
  readonly config?: ConfigValues;
  readonly resources?: Readonly<Record<string, string>>;
  readonly trust?: boolean;
  readonly numUnits?: number;
  readonly channel?: string;
  readonly base?: string;
}

export interface CliCall {
  readonly includeModel?: boolean;
  readonly stdin?: string;
}

export class Juju {
  model: string | undefined;
  readonly waitTimeout: number;
  readonly cliBinary: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly tempDir: string;

  constructor(options: JujuOptions = {}) {
    this.model = options.model;
    this.waitTimeout = options.waitTimeout ?? 180_000;
    this.cliBinary = options.cliBinary ?? "juju";
    this.env = { ...process.env, ...options.env };
    this.tempDir = options.tempDir ?? defaultTempDir();
  }

  /** Runs `juju <args>` (with `--model` unless told not to) and returns stdout; throws CLIError. */
  async cli(...args: string[]): Promise<string> {
    return (await this.call(args)).stdout;
  }

  /** `cli` with control over `--model` and stdin; returns the whole run, throwing on failure. */
  async call(args: readonly string[], options: CliCall = {}): Promise<CliRun> {
    const run = await this.spawn(args, options);
    if (run.code !== 0) throw new CLIError(run.argv, run.code, run.stdout, run.stderr);
    return run;
  }

  private async spawn(args: readonly string[], options: CliCall): Promise<CliRun & { argv: string[] }> {
    const [command, ...rest] = args;
    if (command === undefined) throw new Error("juju: no command given");
    const model = options.includeModel !== false && this.model !== undefined ? ["--model", this.model] : [];
    const full = [command, ...model, ...rest];
    const run = await runCli({
      binary: this.cliBinary,
      args: full,
      env: this.env,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    });
    return { ...run, argv: [this.cliBinary, ...full] };
  }

  private async json<S extends z.ZodType>(schema: S, args: readonly string[]): Promise<z.infer<S>> {
    const run = await this.call(args);
    return parseOutput(schema, args, run.stdout);
  }

  async deploy(charm: string, app?: string, options: DeployOptions = {}): Promise<void> {
    const args = ["deploy", charm, ...(app === undefined ? [] : [app])];
    for (const [key, value] of Object.entries(options.config ?? {}))
      args.push("--config", configArg(key, value));
    for (const [name, value] of Object.entries(options.resources ?? {}))
      args.push("--resource", `${name}=${value}`);
    if (options.numUnits !== undefined && options.numUnits !== 1)
      args.push("--num-units", String(options.numUnits));
    if (options.channel !== undefined) args.push("--channel", options.channel);
    if (options.base !== undefined) args.push("--base", options.base);
    if (options.trust === true) args.push("--trust");
    await this.call(args);
  }

  async integrate(a: string, b: string): Promise<void> {
    await this.call(["integrate", a, b]);
  }

  async removeRelation(a: string, b: string, options: { force?: boolean } = {}): Promise<void> {
    await this.call(["remove-relation", a, b, ...(options.force === true ? ["--force"] : [])]);
  }

  /** Gets the settings' values; sets `values`; or resets the options named in `reset`. */
  config(app: string): Promise<Record<string, ConfigValue>>;
  config(app: string, change: ConfigValues | { readonly reset: readonly string[] }): Promise<void>;
  async config(
    app: string,
    change?: ConfigValues | { readonly reset: readonly string[] },
  ): Promise<Record<string, ConfigValue> | void> {
    if (change === undefined)
      return configValues(await this.json(configOutputSchema, ["config", app, "--format=json"]));
    if (isReset(change)) {
      if (change.reset.length > 0) await this.call(["config", app, "--reset", change.reset.join(",")]);
      return;
    }
    const sets = Object.entries(change).map(([key, value]) => configArg(key, value));
    if (sets.length > 0) await this.call(["config", app, ...sets]);
  }

  /** A user secret from `content`, passed in a 0600 file (`--file`); returns its URI. */
  async addSecret(
    name: string,
    content: Readonly<Record<string, string>>,
    options: { info?: string } = {},
  ): Promise<string> {
    const args = ["add-secret", name];
    if (options.info !== undefined) args.push("--info", options.info);
    const run = await withPrivateFile(this.tempDir, "secret.yaml", toYaml(content), (file) =>
      this.call([...args, "--file", file]),
    );
    const uri = run.stdout.trim();
    if (!uri.startsWith("secret:")) throw new OutputError(args, "add-secret did not print a secret URI");
    return uri;
  }

  async grantSecret(secret: string, apps: string | readonly string[]): Promise<void> {
    await this.call(["grant-secret", secret, typeof apps === "string" ? apps : apps.join(",")]);
  }

  /** The model's secrets (id, name, owner, revision), without content. */
  async secrets(): Promise<SecretSummary[]> {
    const doc = await this.json(secretListSchema, ["secrets", "--format=json"]);
    return Object.entries(doc).map(([id, s]) => ({ id, ...s }));
  }

  /** The latest revision's content of a secret (by URI, id or name): `show-secret --reveal`. */
  async revealSecret(secret: string): Promise<Record<string, string>> {
    const doc = await this.json(secretRevealSchema, ["show-secret", secret, "--reveal", "--format=json"]);
    const entry = Object.values(doc)[0];
    if (entry === undefined) throw new OutputError(["show-secret", secret], "no secret in the output");
    return entry.content.Data;
  }

  /** Runs an action and returns its task; throws TaskError when it did not complete. */
  async run(unit: string, action: string, params?: Readonly<Record<string, unknown>>): Promise<Task> {
    const args = ["run", unit, action, "--format=json"];
    const run =
      params === undefined
        ? await this.spawn(args, {})
        : await withPrivateFile(this.tempDir, "params.yaml", toYaml(params), (file) =>
            this.spawn([...args, "--params", file], {}),
          );
    const task = this.taskFrom(run, unit);
    if (task.status !== "completed") throw new TaskError(task, `action ${action} on ${unit}`);
    return task;
  }

  /** Runs a command on a unit (`juju exec`); a non-zero exit is in the result, not thrown. */
  async exec(command: string, options: { unit: string; args?: readonly string[] }): Promise<Task> {
    const run = await this.spawn(
      ["exec", "--format=json", "--unit", options.unit, "--", command, ...(options.args ?? [])],
      {},
    );
    return this.taskFrom(run, options.unit);
  }

  /** The task juju printed; juju exits non-zero for a failed task but still prints it. */
  private taskFrom(run: CliRun & { argv: string[] }, unit: string): Task {
    let task: Task | undefined;
    try {
      task = taskOf(taskOutputSchema.parse(JSON.parse(run.stdout)), unit);
    } catch {
      task = undefined;
    }
    if (task === undefined) {
      if (run.code !== 0) throw new CLIError(run.argv, run.code, run.stdout, run.stderr);
      throw new OutputError(run.argv, "no task in the output");
    }
    return task;
  }

  async status(): Promise<Status> {
    return this.json(statusSchema, ["status", "--format=json"]);
  }

  /** Polls `status` until `ready` holds `successes` times in a row (see wait.ts). */
  async wait(ready: (status: Status) => boolean, options: WaitOptions = {}): Promise<Status> {
    return waitFor(() => this.status(), ready, { timeout: this.waitTimeout, ...options });
  }

  async addUnit(app: string, options: { numUnits?: number } = {}): Promise<void> {
    const n = options.numUnits ?? 1;
    await this.call(["add-unit", app, ...(n === 1 ? [] : ["--num-units", String(n)])]);
  }

  async removeUnit(...units: string[]): Promise<void> {
    await this.call(["remove-unit", ...units, "--no-prompt"]);
  }

  async removeApplication(app: string): Promise<void> {
    await this.call(["remove-application", app, "--no-prompt"]);
  }

  async refresh(
    app: string,
    options: { path: string; resources?: Readonly<Record<string, string>> },
  ): Promise<void> {
    const resources = Object.entries(options.resources ?? {}).flatMap(([k, v]) => [
      "--resource",
      `${k}=${v}`,
    ]);
    await this.call(["refresh", app, "--path", options.path, ...resources]);
  }

  /** Adds a model and makes it this client's model, leaving the CLI's current model alone. */
  async addModel(name: string): Promise<void> {
    await this.call(["add-model", "--no-switch", name], { includeModel: false });
    this.model = name;
  }

  async destroyModel(name: string): Promise<void> {
    await this.call(["destroy-model", name, "--no-prompt", "--destroy-storage", "--force"], {
      includeModel: false,
    });
    if (this.model === name) this.model = undefined;
  }
}

function isReset(
  change: ConfigValues | { readonly reset: readonly string[] },
): change is { readonly reset: readonly string[] } {
  return Array.isArray((change as { reset?: unknown }).reset);
}

function parseOutput<S extends z.ZodType>(schema: S, args: readonly string[], stdout: string): z.infer<S> {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new OutputError(args, "not JSON");
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success)
    throw new OutputError(
      args,
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  return parsed.data;
}
