/** Builders shared by this folder's tests: databags, desired state and GARM objects. */
import { generateKeyPairSync } from "node:crypto";
import type { Credentials, ScaleSet, Template } from "@garm-charms/garm-client";
import { writeGarmConfiguratorUnitData, type ConfiguratorPublication } from "@garm-charms/interfaces";
import { buildPreInstallExtraSpecs } from "../../runner-template/index.js";
import { readConfiguratorUnit } from "../../relations/configurator.js";
import type { ConfiguratorUnit, DesiredScaleset, DesiredState, ProtectedNames } from "../desired.js";
import type { ObservedState } from "../observed.js";
import { credentialDescription, privateKeyFingerprint, templateDescription } from "../ownership.js";

let cachedKey: string | undefined;

/** A PKCS#1 PEM key (GARM only accepts those), generated once per test file. */
export function testPrivateKey(): string {
  cachedKey ??= generateKeyPairSync("rsa", { modulusLength: 1024 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
  return cachedKey;
}

export interface UnitOptions {
  readonly name?: string;
  readonly org?: string;
  readonly repo?: string;
  readonly imageId?: string | undefined;
  readonly labels?: readonly string[];
  readonly minIdle?: number;
  readonly maxRunners?: number;
  readonly flavor?: string;
  readonly osArch?: string;
  readonly appId?: number;
  readonly installationId?: number;
  readonly withCredentials?: boolean;
  readonly dockerhubMirror?: string;
  readonly runnerHttpProxy?: string;
  readonly preInstallScripts?: Readonly<Record<string, string>>;
  readonly runnerGroup?: string;
}

export const KEY_SECRET_URI = "secret:d1key0000000000000000";
export const PASSWORD_SECRET_URI = "secret:d1pw00000000000000000";

/** A configurator unit's databag as the configurator writes it (keys deleted, not empty). */
export function unitDatabag(unitName: string, options: UnitOptions = {}): Record<string, string> {
  const publication: ConfiguratorPublication = {
    providerName: unitName.replace("/", "-"),
    imageId: "imageId" in options ? options.imageId : "image-1",
    scaleset: {
      name: options.name ?? "runners",
      flavor: options.flavor ?? "m1.large",
      osArch: options.osArch ?? "amd64",
      minIdleRunners: options.minIdle ?? 0,
      maxRunners: options.maxRunners ?? 5,
      labels: options.labels ?? ["noble", "x64"],
      runnerGroup: options.runnerGroup,
      target:
        options.repo !== undefined
          ? { kind: "repository", name: options.repo }
          : { kind: "organization", name: options.org ?? "acme" },
      preInstallScripts: options.preInstallScripts ?? {},
      runner: {
        dockerhubMirror: options.dockerhubMirror,
        runnerHttpProxy: options.runnerHttpProxy,
        aproxyExcludeAddresses: [],
        aproxyRedirectPorts: [],
        otelCollectorEndpoint: undefined,
        preJobScript: undefined,
      },
    },
    credentials:
      options.withCredentials === false
        ? undefined
        : {
            openstack: {
              authUrl: "https://keystone.example:5000/v3",
              username: "runner",
              passwordSecretUri: PASSWORD_SECRET_URI,
              projectName: "runners",
              userDomainName: "Default",
              projectDomainName: "Default",
              regionName: "RegionOne",
              network: "runners-net",
            },
            githubApp: {
              appId: options.appId ?? 101,
              installationId: options.installationId ?? 202,
              privateKeySecretUri: KEY_SECRET_URI,
            },
          },
  };
  const { data } = writeGarmConfiguratorUnitData(publication);
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== ""));
}

export function unit(unitName: string, options: UnitOptions = {}, relationId = 1): ConfiguratorUnit {
  return withDatabag(
    { relationId, appName: unitName.split("/")[0] ?? unitName, unitName },
    unitDatabag(unitName, options),
  );
}

/** The unit with another databag, read again as the charm reads it. */
export function withDatabag(
  source: Pick<ConfiguratorUnit, "relationId" | "appName" | "unitName">,
  databag: Readonly<Record<string, string>>,
): ConfiguratorUnit {
  const { relationId, appName, unitName } = source;
  return readConfiguratorUnit({ relationId, appName, unitName, databag });
}

export const readTestSecret = (uri: string): Promise<string | undefined> =>
  Promise.resolve(uri === KEY_SECRET_URI ? testPrivateKey() : undefined);

export const WEBHOOK_SECRET = "webhook-secret-kept-by-the-charm";

export function noProtection(): ProtectedNames {
  return {
    scalesets: new Set(),
    providers: new Set(),
    entities: new Set(),
    credentials: new Set(),
    templates: new Set(),
  };
}

/** A desired scale set; its extra specs are rendered from the overrides, as buildDesiredState does. */
export function desiredScaleset(overrides: Partial<DesiredScaleset> = {}): DesiredScaleset {
  const base: Omit<DesiredScaleset, "extraSpecs"> = {
    name: "runners",
    unitName: "garm-configurator/0",
    providerName: "garm-configurator-0",
    image: "image-1",
    flavor: "m1.large",
    osArch: "amd64",
    minIdleRunners: 0,
    maxRunners: 5,
    labels: ["noble", "x64"],
    runnerGroup: "Default",
    entity: { kind: "organization", name: "acme" },
    preInstallScripts: {},
    runnerOptions: {},
    plannerManaged: false,
    ...overrides,
  };
  const extraSpecs =
    overrides.extraSpecs ?? buildPreInstallExtraSpecs(base.preInstallScripts, base.runnerOptions);
  return { ...base, extraSpecs: { ...extraSpecs } };
}

export function desiredState(overrides: Partial<DesiredState> = {}): DesiredState {
  return {
    followers: [],
    credentials: [],
    entities: [],
    scalesets: [],
    protected: noProtection(),
    claimedOnProvider: new Map(),
    webhookSecret: WEBHOOK_SECRET,
    problems: [],
    record: new Map(),
    ...overrides,
  };
}

export function observedScaleset(overrides: Partial<ScaleSet> = {}): ScaleSet {
  return {
    id: 1,
    githubScaleSetId: 100,
    name: "runners",
    providerName: "garm-configurator-0",
    image: "image-1",
    flavor: "m1.large",
    osType: "linux",
    osArch: "amd64",
    maxRunners: 5,
    minIdleRunners: 0,
    enabled: true,
    disableUpdate: false,
    enableShell: false,
    runnerBootstrapTimeout: 20,
    runnerGroup: "Default",
    runnerPrefix: "garm",
    labels: ["x64", "noble"],
    extraSpecs: {},
    templateId: 10,
    templateName: "github_linux_charmed",
    state: "pending_create",
    extendedState: "",
    desiredRunnerCount: 0,
    owner: { kind: "organisation", id: "org-1", name: "acme" },
    ...overrides,
  };
}

export const SYSTEM_SCRIPT = "#!/bin/bash\n\nset -e\necho 'install {{ .RunnerName }}'\n";

export function template(overrides: Partial<Template> & { name: string }): Template {
  return {
    id: 10,
    description: "",
    osType: "linux",
    forgeType: "github",
    owner: "admin",
    isSystem: false,
    script: undefined,
    ...overrides,
  };
}

export const systemTemplate = (): Template =>
  template({ id: 2, name: "github_linux", owner: "system", isSystem: true, description: "Default Linux" });

/** The charm's charmed template as it would be after a pass with `script` as its content. */
export const charmedTemplate = (script = SYSTEM_SCRIPT, id = 10): Template =>
  template({ id, name: "github_linux_charmed", description: templateDescription("charmed", script) });

export function observedCredential(overrides: Partial<Credentials> = {}): Credentials {
  return {
    id: 1,
    name: "app-101-202",
    description: credentialDescription(privateKeyFingerprint(testPrivateKey())),
    authType: "app",
    forgeType: "github",
    endpointName: "github.com",
    baseUrl: "https://github.com",
    apiBaseUrl: "https://api.github.com/",
    rateLimit: undefined,
    ...overrides,
  };
}

export function observedState(overrides: Partial<ObservedState> = {}): ObservedState {
  return {
    credentials: [],
    organisations: [],
    repositories: [],
    providers: [{ name: "garm-configurator-0", type: "external", description: "" }],
    scalesets: [],
    templates: [systemTemplate(), charmedTemplate()],
    systemTemplateScript: SYSTEM_SCRIPT,
    ...overrides,
  };
}
