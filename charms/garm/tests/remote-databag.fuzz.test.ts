/**
 * A seeded property test of the object reconcile against hostile remote databags: 1-3
 * configurator units whose databags are mutated (keys dropped, blanked, garbled, renamed, moved to
 * another organisation, given odd runner options; units departing and rejoining) over many hooks
 * run in-process against one GARM fake, carrying the charm's ownership record from hook to hook.
 *
 * After every hook: no hook failure (nothing thrown); no DELETE of an object whose owning unit is
 * still related and has not published a complete description without it; every script the charm
 * rendered into GARM passes `bash -n`.
 *
 * GARM_FUZZ_CASES hooks (2,000 by default; `pnpm fuzz` runs 10,000), seed GARM_FUZZ_SEED.
 */
import { readGarmConfiguratorUnitData } from "@garm-charms/interfaces";
import type { GarmFakeSnapshot } from "@garm-charms/garm-fake";
import { describe, expect, it } from "vitest";
import {
  buildDesiredState,
  credentialName,
  entityKey,
  reconcileGarmObjects,
  scalesetTemplateName,
  type ConfiguratorUnit,
  type OwnershipRecord,
} from "../src/reconcile/index.js";
import { readConfiguratorUnit } from "../src/relations/configurator.js";
import { startFakeGarm, type FakeGarm } from "../src/reconcile/test-support/fake-harness.js";
import { readTestSecret, unitDatabag, WEBHOOK_SECRET } from "../src/reconcile/test-support/fixtures.js";
import { bashSyntaxErrors } from "../src/runner-template/test-support/bash.js";
import { executeGoTemplate } from "../src/runner-template/test-support/go-template.js";

const CASES = Number(process.env["GARM_FUZZ_CASES"] ?? "2000");
const SEED = Number(process.env["GARM_FUZZ_SEED"] ?? "20261");
const HOOKS_PER_RUN = 25;
const UNITS = ["cfg0/0", "cfg1/0", "cfg2/0"] as const;

/** mulberry32: small, seeded, good enough to pick mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const NAMES = ["alpha", "beta", "gamma"];
const ORGS = ["acme", "umbrella"];
const ODD_VALUES = [
  "",
  " ",
  "  padded ",
  "x\ny",
  "NOT VALID!",
  "{{ .Secret }}",
  "a".repeat(300),
  "0",
  "-1",
  "\u2028",
];
const SCRIPTS = [
  "echo hi",
  "set -e\necho 'quoted' \"double\" $HOME",
  "cat <<EOF\n{{ .RunnerName }}\nEOF",
  "echo }} {{",
];

function freshBag(unitName: string, random: Random): Record<string, string> {
  return unitDatabag(unitName, {
    name: pick(random, NAMES),
    org: pick(random, ORGS),
    labels: random() < 0.5 ? ["x64"] : ["noble", "x64"],
    ...(random() < 0.3 ? { dockerhubMirror: "https://mirror.example" } : {}),
    ...(random() < 0.2 ? { runnerHttpProxy: "http://proxy.example:3128" } : {}),
  });
}

/** One mutation of one unit's databag (undefined: the unit departs). */
function mutate(bag: Record<string, string> | undefined, unitName: string, random: Random) {
  if (bag === undefined) return random() < 0.5 ? freshBag(unitName, random) : undefined;
  const keys = Object.keys(bag);
  const key = pick(random, keys);
  const roll = random();
  if (roll < 0.1) return undefined;
  if (roll < 0.25) return Object.fromEntries(Object.entries(bag).filter(([k]) => k !== key));
  if (roll < 0.45) return { ...bag, [key]: pick(random, ODD_VALUES) };
  if (roll < 0.6) return { ...bag, name: pick(random, NAMES) };
  if (roll < 0.7) return { ...bag, org: pick(random, ORGS) };
  if (roll < 0.8) return { ...bag, pre_job_script: pick(random, SCRIPTS) };
  if (roll < 0.9) return freshBag(unitName, random);
  return { ...bag, provider_name: pick(random, ODD_VALUES) };
}

/** What a unit's complete description owns, by the interface reader alone. */
interface Owned {
  readonly scaleset: string;
  readonly entity: string;
  readonly credential: string;
}

function completeDescription(bag: Record<string, string>): Owned | undefined {
  const read = readGarmConfiguratorUnitData(bag);
  if (!read.ok) return undefined;
  const { scaleset, githubApp } = read.value;
  return {
    scaleset: scaleset.name,
    entity: entityKey(scaleset.target.kind, scaleset.target.name),
    credential: credentialName(githubApp.appId, githubApp.installationId),
  };
}

/** The oracle: per related unit, what it owned at its last complete description. */
class Owners {
  private readonly last = new Map<string, Owned>();

  update(bags: ReadonlyMap<string, Record<string, string>>): void {
    for (const unit of [...this.last.keys()]) if (!bags.has(unit)) this.last.delete(unit);
    for (const [unit, bag] of bags) {
      const owned = completeDescription(bag);
      if (owned !== undefined) this.last.set(unit, owned);
    }
  }

  /** Related units that still own `what` (and have not published a complete description without it). */
  holders(bags: ReadonlyMap<string, Record<string, string>>, what: (owned: Owned) => boolean): string[] {
    return [...bags.keys()].filter((unit) => {
      const now = completeDescription(bags.get(unit)!);
      const owned = now ?? this.last.get(unit);
      return owned !== undefined && what(owned) && (now === undefined || what(now));
    });
  }
}

/** Objects deleted in this hook, named as the oracle names them, with the unit owning a scale set. */
function deletedObjects(g: FakeGarm, before: GarmFakeSnapshot) {
  const gone: { kind: string; name: string; provider?: string }[] = [];
  for (const request of g.fake.requests.filter((r) => r.method === "DELETE" && r.status < 300)) {
    const [, , , kind, id] = request.path.split("/");
    if (kind === "scalesets") {
      const s = before.scaleSets.find((x) => String(x.id) === id);
      if (s !== undefined) gone.push({ kind: "scaleset", name: s.name, provider: s.providerName });
    } else if (kind === "organizations") {
      const org = before.organizations.find((o) => o.id === id);
      if (org !== undefined) gone.push({ kind: "entity", name: entityKey("organization", org.name) });
    } else if (kind === "github") {
      const credential = before.credentials.find((c) => String(c.id) === request.path.split("/").pop());
      if (credential !== undefined) gone.push({ kind: "credential", name: credential.name });
    } else if (kind === "templates") {
      const template = before.templates.find((t) => String(t.id) === id);
      if (template !== undefined) gone.push({ kind: "template", name: template.name });
    }
  }
  return gone;
}

function checkDeletes(
  g: FakeGarm,
  before: GarmFakeSnapshot,
  bags: Map<string, Record<string, string>>,
  owners: Owners,
) {
  for (const object of deletedObjects(g, before)) {
    let holders: string[];
    if (object.kind === "scaleset") {
      // A scale set is its provider's unit's: derived from the unit name, never from the databag.
      const unit = UNITS.find((u) => u.replace("/", "-") === object.provider);
      const bag = unit === undefined ? undefined : bags.get(unit);
      holders =
        unit !== undefined && bag !== undefined && completeDescription(bag) === undefined ? [unit] : [];
    } else if (object.kind === "template") {
      // Whether a complete description needs its own template depends on its options: only the
      // units that are not complete now hold their scale set's template.
      holders = owners
        .holders(bags, (o) => scalesetTemplateName(o.scaleset) === object.name)
        .filter((unit) => completeDescription(bags.get(unit)!) === undefined);
    } else {
      holders = owners.holders(
        bags,
        (o) => (object.kind === "entity" ? o.entity : o.credential) === object.name,
      );
    }
    expect(holders, `DELETE of ${object.kind} ${object.name} still owned by ${holders.join(", ")}`).toEqual(
      [],
    );
  }
}

const checkedScripts = new Set<string>();

function checkScripts(snapshot: GarmFakeSnapshot): void {
  const scripts = snapshot.templates.filter((t) => t.name.startsWith("github_linux-")).map((t) => t.data);
  for (const set of snapshot.scaleSets) {
    const specs = set.extraSpecs as { pre_install_scripts?: Record<string, string> } | undefined;
    for (const encoded of Object.values(specs?.pre_install_scripts ?? {})) {
      scripts.push(Buffer.from(encoded, "base64").toString("utf8"));
    }
  }
  for (const script of scripts) {
    if (checkedScripts.has(script)) continue;
    checkedScripts.add(script);
    const shell = script.startsWith("#!") ? executeGoTemplate(script) : script;
    expect(bashSyntaxErrors(shell), script.slice(0, 200)).toBeUndefined();
  }
}

async function runHooks(g: FakeGarm, random: Random, hooks: number): Promise<void> {
  const bags = new Map<string, Record<string, string>>();
  const owners = new Owners();
  let record: OwnershipRecord | undefined;
  const count = 1 + Math.floor(random() * UNITS.length);
  for (const unit of UNITS.slice(0, count)) bags.set(unit, freshBag(unit, random));
  for (let hook = 0; hook < hooks; hook++) {
    if (hook > 0) {
      const unit = pick(random, UNITS.slice(0, count));
      const next = mutate(bags.get(unit), unit, random);
      if (next === undefined) bags.delete(unit);
      else bags.set(unit, next);
    }
    const units: ConfiguratorUnit[] = [...bags].map(([unitName, databag]) =>
      readConfiguratorUnit({
        relationId: UNITS.indexOf(unitName as (typeof UNITS)[number]) + 1,
        appName: unitName.split("/")[0]!,
        unitName,
        databag,
      }),
    );
    const desired = await buildDesiredState(units, {
      readSecret: readTestSecret,
      webhookSecret: WEBHOOK_SECRET,
      ...(record === undefined ? {} : { record }),
    });
    record = desired.record;
    const before = g.fake.snapshot();
    g.fake.clearRequests();
    await reconcileGarmObjects(g.client, desired, { log: () => undefined });
    checkDeletes(g, before, bags, owners);
    checkScripts(g.fake.snapshot());
    owners.update(bags);
  }
}

describe("hostile remote garm-configurator databags over many hooks", () => {
  it(
    `never fails a hook, never deletes what a related unit still owns, renders only valid shell (${CASES} hooks, seed ${SEED})`,
    async () => {
      const random = prng(SEED);
      for (let done = 0; done < CASES; done += HOOKS_PER_RUN) {
        const g = await startFakeGarm(UNITS.map((u) => u.replace("/", "-")));
        try {
          await runHooks(g, random, Math.min(HOOKS_PER_RUN, CASES - done));
        } finally {
          await g.close();
        }
      }
    },
    Math.max(120_000, CASES * 60),
  );
});
