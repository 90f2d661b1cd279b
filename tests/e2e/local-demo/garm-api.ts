/**
 * What GARM holds after the charms ran, read from GARM's API as its admin: the credentials come
 * from the garm charm's `get-credentials` action, as an operator would get them. The password is
 * used, never printed.
 */
import { GarmClient, type ScaleSet } from "@garm-charms/garm-client";
import type { LocalJuju } from "@garm-charms/juju-local/test-support";
import * as z from "zod";
import { DemoError } from "./errors.js";

/** The garm charm fixes GARM's port; the local model's workloads are host processes. */
export const GARM_URL = "http://127.0.0.1:8080";

const credentialsDoc = z.record(
  z.string(),
  z.object({ status: z.string(), results: z.object({ username: z.string(), password: z.string() }) }),
);

export interface AdminCredentials {
  readonly username: string;
  readonly password: string;
}

export function adminCredentials(juju: LocalJuju, unit = "garm/0"): AdminCredentials {
  const run = juju.juju("run", unit, "get-credentials", "--format", "json");
  if (run.code !== 0) throw new DemoError(`juju run ${unit} get-credentials failed: ${run.stderr.trim()}`);
  const parsed = credentialsDoc.safeParse(JSON.parse(run.stdout));
  const task = parsed.success ? parsed.data[unit] : undefined;
  if (task === undefined)
    throw new DemoError(`juju run ${unit} get-credentials gave no username and password`);
  return task.results;
}

export interface GarmView {
  readonly scaleset: ScaleSet;
  readonly templateName: string;
  readonly templateHead: readonly string[];
}

const TEMPLATE_HEAD_LINES = 14;

export async function readScaleSet(admin: AdminCredentials, name: string): Promise<GarmView> {
  const client = new GarmClient({ baseUrl: GARM_URL, timeoutMs: 5_000 });
  try {
    await client.login(admin.username, admin.password);
    const scaleset = (await client.listScaleSets()).find((s) => s.name === name);
    if (scaleset === undefined) throw new DemoError(`GARM has no scale set named ${name}`);
    const template = await client.getTemplate(scaleset.templateId);
    return {
      scaleset,
      templateName: template.name,
      templateHead: (template.script ?? "").split("\n").slice(0, TEMPLATE_HEAD_LINES),
    };
  } finally {
    await client.close();
  }
}

/** The scale set in a few lines, then the head of its runner-install template. */
export function describeScaleSet(view: GarmView): string[] {
  const s = view.scaleset;
  const scripts = Object.keys((s.extraSpecs["pre_install_scripts"] ?? {}) as Record<string, unknown>);
  return [
    `  ${s.name}: provider ${s.providerName}, image ${s.image}, flavor ${s.flavor}, ` +
      `${s.osType}/${s.osArch}, min idle ${String(s.minIdleRunners)}, max ${String(s.maxRunners)}, ` +
      `labels [${s.labels.join(", ")}], enabled ${String(s.enabled)}`,
    `  pre-install scripts: ${scripts.join(", ") || "none"}`,
    `  template: ${view.templateName} (id ${String(s.templateId)}); its first lines:`,
    ...view.templateHead.map((line) => `    | ${line}`.trimEnd()),
  ];
}
