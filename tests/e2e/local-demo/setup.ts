/**
 * The model the demo builds, as the commands an operator would type: garm with its local images,
 * the PostgreSQL stand-in, a garm-configurator named `runners` with every option (runner options
 * included) and its two secrets, and the image-builder stand-in.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { GARM_LOCAL_RESOURCES, type LocalJuju } from "@garm-charms/juju-local/test-support";
import { DemoError } from "./errors.js";
import { DEMO_RUNNER_OPTIONS } from "../test-support/demo-runners.js";

/** The packed `.charm` of each charm the demo deploys, by charm name. */
export interface DemoCharms {
  readonly garm: string;
  readonly "garm-configurator": string;
  readonly "postgresql-stand-in": string;
  readonly "image-builder-stand-in": string;
}

/** The configurator's options besides its two secrets (the harness demo's), as `juju config` takes them. */
export const RUNNER_CONFIG: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DEMO_RUNNER_OPTIONS).map(([key, value]) => [key, String(value)]),
);

export const CONFIGURATOR_APP = "runners";

/** The values the demo puts in secrets; a test checks none of them is printed. */
export interface DemoSecrets {
  readonly openstackPassword: string;
  readonly githubAppKey: string;
}

export function demoSecrets(): DemoSecrets {
  return {
    openstackPassword: `demo-${Math.random().toString(36).slice(2, 12)}-Os9`,
    githubAppKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "pem",
    }) as string,
  };
}

type Print = (line: string) => void;

/** Runs one juju command, echoing it as `$ juju ...` with `shown` in place of the real arguments. */
function step(
  juju: LocalJuju,
  print: Print,
  args: readonly string[],
  shown: string = args.join(" "),
): string {
  print(`$ juju ${shown}`);
  const result = juju.juju(...args);
  if (result.code !== 0)
    throw new DemoError(`juju ${shown} failed (exit ${String(result.code)}): ${result.stderr.trim()}`);
  return result.stdout;
}

/** `juju deploy <charm>`, echoed with the charm's file name only (the pack cache path is long). */
function deploy(juju: LocalJuju, print: Print, charm: string, app: string, ...rest: string[]): void {
  const args = ["deploy", charm, app, ...rest];
  step(juju, print, args, ["deploy", basename(charm), app, ...rest].join(" "));
}

/** The two user secrets, added and granted to the configurator; returns their URIs. */
function addSecrets(juju: LocalJuju, print: Print, secrets: DemoSecrets): { password: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), "garm-demo-key-"));
  try {
    const keyFile = join(dir, "github-app-key.pem");
    writeFileSync(keyFile, secrets.githubAppKey, { mode: 0o600 });
    const password = step(
      juju,
      print,
      ["add-secret", "openstack-password", `value=${secrets.openstackPassword}`],
      "add-secret openstack-password value=…",
    ).trim();
    const key = step(
      juju,
      print,
      ["add-secret", "github-app-key", `value#file=${keyFile}`],
      "add-secret github-app-key value#file=github-app-key.pem",
    ).trim();
    step(juju, print, ["grant-secret", "openstack-password", CONFIGURATOR_APP]);
    step(juju, print, ["grant-secret", "github-app-key", CONFIGURATOR_APP]);
    return { password, key };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `juju config runners k=v ...`, echoed three options a line as a shell would take it. */
function configure(juju: LocalJuju, print: Print, options: Readonly<Record<string, string>>): void {
  const settings = Object.entries(options).map(([k, v]) => `${k}=${v}`);
  const quoted = settings.map((s) => (/^[\w.,:/=@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`));
  const lines: string[] = [];
  for (let i = 0; i < quoted.length; i += 3) lines.push(quoted.slice(i, i + 3).join(" "));
  step(
    juju,
    print,
    ["config", CONFIGURATOR_APP, ...settings],
    `config ${CONFIGURATOR_APP} ${lines.join(" \\\n    ")}`,
  );
}

/** Deploys, configures and integrates the demo's applications, echoing each command. */
export function buildModel(juju: LocalJuju, print: Print, charms: DemoCharms, secrets: DemoSecrets): void {
  deploy(juju, print, charms.garm, "garm", "--trust", ...GARM_LOCAL_RESOURCES);
  deploy(juju, print, charms["postgresql-stand-in"], "postgresql");
  step(juju, print, ["integrate", "garm", "postgresql"]);
  deploy(juju, print, charms["garm-configurator"], CONFIGURATOR_APP);
  deploy(juju, print, charms["image-builder-stand-in"], "image-builder");
  const uris = addSecrets(juju, print, secrets);
  configure(juju, print, {
    ...RUNNER_CONFIG,
    "openstack-password": uris.password,
    "github-app-private-key": uris.key,
  });
  step(juju, print, ["integrate", CONFIGURATOR_APP, "image-builder"]);
  step(juju, print, ["integrate", CONFIGURATOR_APP, "garm"]);
}
