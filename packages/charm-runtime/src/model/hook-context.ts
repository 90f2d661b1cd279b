/**
 * The object a charm receives for one hook: the typed event and the facts of the hook environment,
 * plus every model operation (config, leadership, relations, secrets, status, ports, network,
 * actions, containers, charm state). All Juju access goes through one HookToolSession, so reads are
 * cached for the hook and writes invalidate what they change.
 */
import type * as z from "zod";

import {
  InvalidActionParamsError,
  InvalidConfigError,
  LeadershipRequiredError,
  NoPebbleConnectorError,
  SecretNotFoundError,
  TooManyRelationsError,
  WrongEventError,
} from "../errors.js";
import type { JujuContext, JujuEvent, ProxySettings } from "../events.js";
import { isRelationEvent } from "../events.js";
import { actionFail, actionGet, actionLog, actionSet } from "../hook-tools/actions.js";
import type { ActionResultValue } from "../hook-tools/actions.js";
import { applicationVersionSet } from "../hook-tools/application-version.js";
import { credentialGet } from "../hook-tools/credential-get.js";
import type { CloudSpec } from "../hook-tools/credential-get.js";
import { goalState } from "../hook-tools/goal-state.js";
import type { GoalState } from "../hook-tools/goal-state.js";
import { isLeader } from "../hook-tools/leadership.js";
import { networkGet } from "../hook-tools/network.js";
import type { NetworkInfo } from "../hook-tools/network.js";
import { closePort, openedPorts, openPort } from "../hook-tools/ports.js";
import type { Port } from "../hook-tools/ports.js";
import { resourceGet } from "../hook-tools/resource-get.js";
import { secretAdd, secretGet, secretIds, secretInfoGet } from "../hook-tools/secrets.js";
import type { SecretMetadata } from "../hook-tools/secrets.js";
import type { HookToolSession } from "../hook-tools/session.js";
import { stateDelete, stateGet, stateSet } from "../hook-tools/state.js";
import { appStatusGet, statusSet, unitStatusGet } from "../hook-tools/status.js";
import type { SettableStatusName, StatusInfo } from "../hook-tools/status.js";
import { storageAdd, storageGet, storageList } from "../hook-tools/storage.js";
import type { StorageInfo } from "../hook-tools/storage.js";
import { invalidConfigReport, invalidConfigStatus, readConfig } from "./config.js";
import type { InvalidConfigStatusOptions } from "./config.js";
import { Container } from "./container.js";
import type { PebbleConnector } from "./container.js";
import type { LineWriter } from "./logger.js";
import { Logger } from "./logger.js";
import { prefetch, type PrefetchPlan } from "./prefetch.js";
import { loadRelation, loadRelations } from "./relations.js";
import type { Relation } from "./relations.js";
import { describeIssues } from "./schema-issues.js";
import { Secret } from "./secrets.js";

export interface StatusToSet {
  readonly name: SettableStatusName;
  readonly message: string;
}

export interface AddSecretOptions extends SecretMetadata {
  /** Who owns the secret; `app` (the default) needs leadership. */
  readonly owner?: "app" | "unit";
}

export interface SecretLookupOptions {
  readonly id?: string;
  readonly label?: string;
}

/** What `checkConfig` gives: the parsed config, or the one-line blocked status and every problem. */
export type ConfigCheck<T> =
  | { readonly ok: true; readonly config: T }
  | { readonly ok: false; readonly status: StatusToSet; readonly error: InvalidConfigError };

export interface HookContextOptions {
  readonly pebbleSocketPath: (container: string) => string;
  /** Makes a container's Pebble client; without it `container()` throws NoPebbleConnectorError. */
  readonly pebble?: PebbleConnector | undefined;
  /** Where debug lines and logging failures go; process stderr in production. */
  readonly stderr: LineWriter;
}

export class HookContext {
  readonly event: JujuEvent;
  /** This unit's name, e.g. `garm/0`. */
  readonly unit: string;
  /** This application's name, e.g. `garm`. */
  readonly app: string;
  readonly model: { readonly name: string; readonly uuid: string };
  readonly jujuVersion: string;
  /** The model's `juju-*-proxy` settings, for the charm's own outbound traffic. */
  readonly proxy: ProxySettings;
  readonly log: Logger;
  private readonly containers = new Map<string, Container>();

  constructor(
    juju: JujuContext,
    private readonly session: HookToolSession,
    private readonly options: HookContextOptions,
  ) {
    this.event = juju.event;
    this.unit = juju.unitName;
    this.app = juju.appName;
    this.model = { name: juju.modelName, uuid: juju.modelUuid };
    this.jujuVersion = juju.jujuVersion;
    this.proxy = juju.proxy;
    this.log = new Logger(session, { debugToStderr: juju.debug, stderr: options.stderr });
  }

  // --- config and leadership

  /** config-get parsed with the charm's schema; InvalidConfigError names the bad options. */
  config<S extends z.ZodType>(schema: S): Promise<z.output<S>> {
    return readConfig(this.session, schema);
  }

  /**
   * `config(schema)` without the try/catch: invalid config logs every problem at WARNING (names,
   * never values) and comes back as `{ ok: false, status }`, the one-line blocked status to set.
   */
  async checkConfig<S extends z.ZodType>(schema: S): Promise<ConfigCheck<z.output<S>>> {
    try {
      return { ok: true, config: await this.config(schema) };
    } catch (error) {
      if (!(error instanceof InvalidConfigError)) throw error;
      return { ok: false, status: await this.reportInvalidConfig(error), error };
    }
  }

  /**
   * What a charm does with invalid config: logs every problem, with its detail, at WARNING and
   * returns the one-line blocked status to set. `checkConfig` does it for a zod schema; a charm
   * with its own validator passes an InvalidConfigError of its problems.
   */
  async reportInvalidConfig(
    error: InvalidConfigError,
    options?: InvalidConfigStatusOptions,
  ): Promise<StatusToSet> {
    await this.log.warning(invalidConfigReport(error));
    return invalidConfigStatus(error, options);
  }

  isLeader(): Promise<boolean> {
    return isLeader(this.session);
  }

  // --- relations

  relations(endpoint: string): Promise<Relation[]> {
    return loadRelations(this.relationScope(), endpoint);
  }

  /** The single relation on `endpoint`, or undefined; more than one is a TooManyRelationsError. */
  async relation(endpoint: string): Promise<Relation | undefined> {
    const all = await this.relations(endpoint);
    if (all.length > 1) throw new TooManyRelationsError(endpoint, all.length);
    return all[0];
  }

  /** The relation a relation event is about (also on `-relation-broken`); undefined for other events. */
  async eventRelation(): Promise<Relation | undefined> {
    const event = this.event;
    if (!isRelationEvent(event)) return undefined;
    return loadRelation(this.relationScope(), event.endpoint, event.relationId);
  }

  /**
   * Starts the reads of `plan` together and waits for them (see prefetch.ts): the charm's own
   * reads then come from the hook's cache. Never throws; a failed read fails the charm's read.
   */
  prefetch(plan: PrefetchPlan): Promise<void> {
    return prefetch(this.relationScope(), this.model.uuid, plan);
  }

  private relationScope() {
    return { session: this.session, event: this.event, unitName: this.unit, appName: this.app };
  }

  // --- secrets

  async addSecret(
    content: Readonly<Record<string, string>>,
    options: AddSecretOptions = {},
  ): Promise<Secret> {
    const owner = options.owner === "unit" ? "unit" : "application";
    const id = await secretAdd(this.session, content, { ...options, owner });
    return new Secret(this.session, this.model.uuid, { id, label: options.label }, owner);
  }

  /**
   * A secret by id, label or both (both: look up by id and set this observer's label). Reads the
   * tracked content once, so a missing secret is a SecretNotFoundError here.
   */
  async getSecret(lookup: SecretLookupOptions): Promise<Secret> {
    const secret = new Secret(this.session, this.model.uuid, lookup);
    await secretGet(this.session, { id: secret.id, label: lookup.label });
    return secret;
  }

  /** `getSecret`, but undefined when Juju has no such secret (other errors still throw). */
  async findSecret(lookup: SecretLookupOptions): Promise<Secret | undefined> {
    try {
      return await this.getSecret(lookup);
    } catch (error) {
      if (error instanceof SecretNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * A handle on a secret without reading it: a missing secret shows on its first read or write.
   * One hook-tool call fewer than `getSecret` when the charm reads the content anyway.
   */
  secretRef(lookup: SecretLookupOptions): Secret {
    return new Secret(this.session, this.model.uuid, lookup);
  }

  /**
   * A secret this application owns, looked up by label with one `secret-info-get` (which also
   * gives its id, so later calls need no lookup); undefined when there is none.
   */
  async findOwnedSecret(label: string): Promise<Secret | undefined> {
    try {
      const info = await secretInfoGet(this.session, { label });
      return new Secret(this.session, this.model.uuid, { id: info.id, label }, info.owner);
    } catch (error) {
      if (error instanceof SecretNotFoundError) return undefined;
      throw error;
    }
  }

  /** Ids of the secrets this charm owns. */
  secretIds(): Promise<string[]> {
    return secretIds(this.session);
  }

  // --- status, version, ports, network

  setUnitStatus(status: StatusToSet): Promise<void> {
    return statusSet(this.session, "unit", status);
  }

  async setAppStatus(status: StatusToSet): Promise<void> {
    if (!(await this.isLeader())) throw new LeadershipRequiredError("setting the application status");
    await statusSet(this.session, "app", status);
  }

  getUnitStatus(): Promise<StatusInfo> {
    return unitStatusGet(this.session);
  }

  async getAppStatus(): Promise<StatusInfo> {
    if (!(await this.isLeader())) throw new LeadershipRequiredError("reading the application status");
    return appStatusGet(this.session);
  }

  setWorkloadVersion(version: string): Promise<void> {
    return applicationVersionSet(this.session, version);
  }

  openPort(port: Port, endpoints?: readonly string[]): Promise<void> {
    return openPort(this.session, port, endpoints);
  }

  closePort(port: Port, endpoints?: readonly string[]): Promise<void> {
    return closePort(this.session, port, endpoints);
  }

  openedPorts(): Promise<Port[]> {
    return openedPorts(this.session);
  }

  networkGet(binding: string, relationId?: number): Promise<NetworkInfo> {
    return networkGet(this.session, binding, relationId);
  }

  // --- actions

  /** The action's parameters, parsed with `schema` when given. */
  async actionParams<S extends z.ZodType>(schema: S): Promise<z.output<S>>;
  async actionParams(): Promise<Record<string, unknown>>;
  async actionParams(schema?: z.ZodType): Promise<unknown> {
    this.requireAction("actionParams");
    const raw = await actionGet(this.session);
    if (schema === undefined) return raw;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new InvalidActionParamsError(describeIssues(parsed.error.issues, "(params)"));
    return parsed.data;
  }

  async setActionResults(results: Readonly<Record<string, ActionResultValue>>): Promise<void> {
    this.requireAction("setActionResults");
    await actionSet(this.session, results);
  }

  async failAction(message: string): Promise<void> {
    this.requireAction("failAction");
    await actionFail(this.session, message);
  }

  async actionLog(message: string): Promise<void> {
    this.requireAction("actionLog");
    await actionLog(this.session, message);
  }

  private requireAction(operation: string): void {
    if (this.event.kind !== "action") {
      throw new WrongEventError(
        `${operation} is only available while running an action, not in ${this.event.kind}`,
      );
    }
  }

  // --- containers

  container(name: string): Container {
    let container = this.containers.get(name);
    if (container === undefined) {
      const connect = this.options.pebble;
      if (connect === undefined) throw new NoPebbleConnectorError(name);
      container = new Container(name, this.options.pebbleSocketPath(name), connect);
      this.containers.set(name, container);
    }
    return container;
  }

  // --- charm state (kept by the controller)

  stateGet(): Promise<Record<string, string>> {
    return stateGet(this.session);
  }

  stateSet(changes: Readonly<Record<string, string>>): Promise<void> {
    return stateSet(this.session, changes);
  }

  stateDelete(key: string): Promise<void> {
    return stateDelete(this.session, key);
  }

  // --- storage, goal state, credentials, resources

  storageGet(name: string, index: number): Promise<StorageInfo> {
    return storageGet(this.session, name, index);
  }

  storageList(name?: string): Promise<string[]> {
    return storageList(this.session, name);
  }

  storageAdd(name: string, count?: number): Promise<void> {
    return storageAdd(this.session, name, count);
  }

  goalState(): Promise<GoalState> {
    return goalState(this.session);
  }

  credentialGet(): Promise<CloudSpec> {
    return credentialGet(this.session);
  }

  resourceGet(name: string): Promise<string> {
    return resourceGet(this.session, name);
  }
}

/** The model API as charms see it (same object as HookContext). */
export type Model = HookContext;
