import { setTimeout as sleep } from "node:timers/promises";
import { Agent, type Dispatcher } from "@garm-charms/undici-core";
import type * as z from "zod";
import {
  controllerInfoWire,
  endpointWire,
  endpointsWire,
  firstRunToWire,
  githubEndpointToWire,
  providersWire,
  tokenWire,
  updateControllerToWire,
  userWire,
  type ControllerInfo,
  type CreateGithubEndpointParams,
  type FirstRunParams,
  type GarmUser,
  type GithubEndpoint,
  type Provider,
  type UpdateControllerParams,
  type UpdateGithubEndpointParams,
} from "./controller.js";
import {
  createCredentialsToWire,
  credentialsListWire,
  credentialsWire,
  updateCredentialsToWire,
  type CreateCredentialsParams,
  type Credentials,
  type UpdateCredentialsParams,
} from "./credentials.js";
import {
  createOrganisationToWire,
  createRepositoryToWire,
  organisationWire,
  organisationsWire,
  repositoriesWire,
  repositoryWire,
  updateEntityToWire,
  type CreateOrganisationParams,
  type CreateRepositoryParams,
  type ListOrganisationsFilter,
  type ListRepositoriesFilter,
  type Organisation,
  type Repository,
  type UpdateEntityParams,
} from "./entities.js";
import { GarmApiError, GarmProtocolError, GarmUnavailableError } from "./errors.js";
import {
  createScaleSetToWire,
  ownerPath,
  scaleSetRunnersWire,
  scaleSetWire,
  scaleSetsWire,
  updateScaleSetToWire,
  validateCreateScaleSet,
  validateUpdateScaleSet,
  type CreateScaleSetParams,
  type ScaleSet,
  type ScaleSetDeleteOutcome,
  type ScaleSetOwner,
  type ScaleSetRunner,
  type UpdateScaleSetParams,
} from "./scalesets.js";
import {
  createTemplateToWire,
  listTemplatesQuery,
  restoreTemplatesToWire,
  templateWire,
  templatesWire,
  updateTemplateToWire,
  type CreateTemplateParams,
  type ListTemplatesFilter,
  type RestoreTemplatesParams,
  type Template,
  type UpdateTemplateParams,
} from "./templates.js";
import { describeRequest, GarmTransport, type TransportRequest } from "./transport.js";

export interface GarmClientOptions {
  /** GARM's root URL, e.g. `http://127.0.0.1:8080` (a trailing `/api/v1` is accepted). */
  readonly baseUrl: string;
  /** Per-attempt budget for connect, headers and body. Default 30 s. */
  readonly timeoutMs?: number;
  /** Extra attempts for GETs on refused/reset connections and 5xx (not on timeouts). Default 2. */
  readonly readRetries?: number;
  /** First backoff between read attempts, doubled each time. Default 100 ms. */
  readonly retryDelayMs?: number;
  /** undici dispatcher; by default the client owns a keep-alive Agent that close() releases. */
  readonly dispatcher?: Dispatcher;
}

/**
 * Where a reachable GARM stands: `init-required` (no admin yet: firstRun), `urls-required`
 * (admin exists, controller URLs unset: updateController), `ready`.
 */
export type GarmReadiness = "init-required" | "urls-required" | "ready";

export interface WaitUntilReadyOptions {
  readonly timeoutMs: number;
  /** Pause between probes. Default 500 ms. */
  readonly intervalMs?: number;
  /**
   * Probe by logging in (the client stays logged in) and reading `/controller-info` with the
   * token. An initialised GARM answers the anonymous probe with 401 and logs an ERROR line for
   * each; the init and URL gates answer 409 either way, without logging. A refused login throws.
   */
  readonly login?: { readonly username: string; readonly password: string };
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_READ_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 100;
const DEFAULT_READY_INTERVAL_MS = 500;

const path = (template: string, ...ids: (string | number)[]): string => {
  let i = 0;
  return template.replace(/\{\}/g, () => encodeURIComponent(String(ids[i++])));
};

/**
 * Typed client for GARM's REST API (`/api/v1`). The login token lives only in this object's
 * memory; nothing here logs, and no error message carries a request body.
 */
export class GarmClient {
  readonly #transport: GarmTransport;
  readonly #ownedAgent: Agent | undefined;
  readonly #timeoutMs: number;
  #token: string | undefined;
  #probedController: ControllerInfo | undefined;

  constructor(options: GarmClientOptions) {
    this.#ownedAgent = options.dispatcher === undefined ? new Agent() : undefined;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#transport = new GarmTransport({
      baseUrl: options.baseUrl,
      timeoutMs: this.#timeoutMs,
      readRetries: options.readRetries ?? DEFAULT_READ_RETRIES,
      retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
      dispatcher: options.dispatcher ?? this.#ownedAgent!,
    });
  }

  /** Releases the connections of the client's own Agent (a no-op with a caller's dispatcher). */
  async close(): Promise<void> {
    await this.#ownedAgent?.close();
  }

  get isLoggedIn(): boolean {
    return this.#token !== undefined;
  }

  /**
   * The controller as the last readiness probe read it (`GET /controller-info`, logged in), when
   * that probe found GARM ready; undefined otherwise. The same controller info `controller()`
   * reads, so a bootstrap that probed needs no second request for it.
   */
  get probedController(): ControllerInfo | undefined {
    return this.#probedController;
  }

  /** Forgets the token; later calls go out unauthenticated. */
  logout(): void {
    this.#token = undefined;
  }

  // ---- bootstrap -------------------------------------------------------------------------

  /**
   * Polls GARM until it answers anything well-formed. Refused or reset connections, timeouts and
   * 5xx mean "still starting"; GarmUnavailableError once `timeoutMs` has passed.
   */
  async waitUntilReady(options: WaitUntilReadyOptions): Promise<GarmReadiness> {
    const deadline = Date.now() + options.timeoutMs;
    const interval = options.intervalMs ?? DEFAULT_READY_INTERVAL_MS;
    const notReady = (last: GarmUnavailableError): GarmUnavailableError =>
      new GarmUnavailableError(
        last.call,
        last.reason,
        `not ready within ${options.timeoutMs} ms; last attempt: ${last.message}`,
      );
    for (;;) {
      // A hung probe must not eat the whole wait, nor outlive it.
      const timeoutMs = Math.max(1, Math.min(deadline - Date.now(), this.#timeoutMs));
      let last: GarmUnavailableError;
      try {
        return await this.#probe(timeoutMs, options.login);
      } catch (err) {
        if (!(err instanceof GarmUnavailableError)) throw err;
        last = err;
      }
      if (Date.now() + interval >= deadline) throw notReady(last);
      await sleep(interval);
      // A late wake-up (a loaded machine) must not start a probe too short to get an answer,
      // which would report a timeout instead of what GARM last said.
      if (deadline - Date.now() < interval) throw notReady(last);
    }
  }

  /** One readiness probe; GarmUnavailableError when GARM does not answer. */
  async #probe(timeoutMs: number, login: WaitUntilReadyOptions["login"]): Promise<GarmReadiness> {
    this.#probedController = undefined;
    try {
      if (login !== undefined) {
        this.#token = undefined;
        const body = { username: login.username, password: login.password };
        const req = { method: "POST", path: "/auth/login", body, retry: false, timeoutMs } as const;
        this.#token = await this.#json(req, tokenWire);
      }
      const req = { method: "GET", path: "/controller-info", retry: false, timeoutMs } as const;
      if (login === undefined) await this.#send(req);
      // Ready either way; only an answer of the expected shape is kept as the controller.
      else this.#probedController = await this.#json(req, controllerInfoWire).catch(unlessMalformed);
      return "ready";
    } catch (err) {
      if (!(err instanceof GarmApiError)) throw err;
      if (err.isInitRequired) return "init-required";
      if (err.isUrlsRequired) return "urls-required";
      // Anonymous: 401 is an initialised GARM. Logged in: a refusal is the caller's to report.
      if (login === undefined) return "ready";
      throw err;
    }
  }

  /** Creates the admin user on a fresh GARM (409 `Conflict` once initialised). */
  async firstRun(params: FirstRunParams): Promise<GarmUser> {
    return this.#json({ method: "POST", path: "/first-run", body: firstRunToWire(params) }, userWire);
  }

  /**
   * Logs in and keeps the JWT in memory for the calls that follow. A failed login leaves the
   * client logged out, so no call goes out under an identity the caller no longer vouches for.
   */
  async login(username: string, password: string): Promise<void> {
    this.#token = undefined;
    const token = await this.#json(
      { method: "POST", path: "/auth/login", body: { username, password } },
      tokenWire,
    );
    this.#token = token;
  }

  // ---- controller ------------------------------------------------------------------------

  /** `GET /controller-info`: behind the URL gate (409 `urls_required` until URLs are set). */
  async controllerInfo(): Promise<ControllerInfo> {
    return this.#json({ method: "GET", path: "/controller-info" }, controllerInfoWire);
  }

  /** `GET /controller`: answers before the controller URLs are set. */
  async controller(): Promise<ControllerInfo> {
    return this.#json({ method: "GET", path: "/controller" }, controllerInfoWire);
  }

  async updateController(params: UpdateControllerParams): Promise<ControllerInfo> {
    return this.#json(
      { method: "PUT", path: "/controller", body: updateControllerToWire(params) },
      controllerInfoWire,
    );
  }

  /** A token for `GET /metrics` (the admin token is refused there). */
  async metricsToken(): Promise<string> {
    return this.#json({ method: "GET", path: "/metrics-token" }, tokenWire);
  }

  async listProviders(): Promise<Provider[]> {
    return this.#json({ method: "GET", path: "/providers" }, providersWire);
  }

  async listGithubEndpoints(): Promise<GithubEndpoint[]> {
    return this.#json({ method: "GET", path: "/github/endpoints" }, endpointsWire);
  }

  async getGithubEndpoint(name: string): Promise<GithubEndpoint> {
    return this.#json({ method: "GET", path: path("/github/endpoints/{}", name) }, endpointWire);
  }

  /** http and https are both accepted; `uploadBaseUrl` is required; 409 for a taken name. */
  async createGithubEndpoint(params: CreateGithubEndpointParams): Promise<GithubEndpoint> {
    return this.#json(
      { method: "POST", path: "/github/endpoints", body: githubEndpointToWire(params) },
      endpointWire,
    );
  }

  async updateGithubEndpoint(name: string, params: UpdateGithubEndpointParams): Promise<GithubEndpoint> {
    return this.#json(
      { method: "PUT", path: path("/github/endpoints/{}", name), body: githubEndpointToWire(params) },
      endpointWire,
    );
  }

  /** Succeeds for a missing name; 400 while credentials or entities use the endpoint. */
  async deleteGithubEndpoint(name: string): Promise<void> {
    await this.#send({ method: "DELETE", path: path("/github/endpoints/{}", name) });
  }

  // ---- credentials -------------------------------------------------------------------------

  /** GitHub credentials (`GET /github/credentials`; GARM answers `null` when there are none). */
  async listCredentials(): Promise<Credentials[]> {
    return this.#json({ method: "GET", path: "/github/credentials" }, credentialsListWire);
  }

  /** Credentials of every forge, GitHub and Gitea (`GET /credentials`). */
  async listForgeCredentials(): Promise<Credentials[]> {
    return this.#json({ method: "GET", path: "/credentials" }, credentialsListWire);
  }

  async getCredentials(id: number): Promise<Credentials> {
    return this.#json({ method: "GET", path: path("/github/credentials/{}", id) }, credentialsWire);
  }

  /** GARM does not call GitHub here; a bad key is 400, a PKCS#8 key 500 (use PKCS#1). */
  async createCredentials(params: CreateCredentialsParams): Promise<Credentials> {
    return this.#json(
      { method: "POST", path: "/github/credentials", body: createCredentialsToWire(params) },
      credentialsWire,
    );
  }

  async updateCredentials(id: number, params: UpdateCredentialsParams): Promise<Credentials> {
    return this.#json(
      { method: "PUT", path: path("/github/credentials/{}", id), body: updateCredentialsToWire(params) },
      credentialsWire,
    );
  }

  /** Succeeds for a missing id; 400 while organisations or repositories use the credentials. */
  async deleteCredentials(id: number): Promise<void> {
    await this.#send({ method: "DELETE", path: path("/github/credentials/{}", id) });
  }

  // ---- organisations and repositories ------------------------------------------------------

  async listOrganisations(filter: ListOrganisationsFilter = {}): Promise<Organisation[]> {
    return this.#json(
      { method: "GET", path: "/organizations", query: { name: filter.name, endpoint: filter.endpoint } },
      organisationsWire,
    );
  }

  async getOrganisation(id: string): Promise<Organisation> {
    return this.#json({ method: "GET", path: path("/organizations/{}", id) }, organisationWire);
  }

  async createOrganisation(params: CreateOrganisationParams): Promise<Organisation> {
    return this.#json(
      { method: "POST", path: "/organizations", body: createOrganisationToWire(params) },
      organisationWire,
    );
  }

  async updateOrganisation(id: string, params: UpdateEntityParams): Promise<Organisation> {
    return this.#json(
      { method: "PUT", path: path("/organizations/{}", id), body: updateEntityToWire(params) },
      organisationWire,
    );
  }

  /** 404 for an unknown id; 400 while pools or scale sets remain under it. */
  async deleteOrganisation(id: string, options: { keepWebhook?: boolean } = {}): Promise<void> {
    await this.#send({
      method: "DELETE",
      path: path("/organizations/{}", id),
      query: { keepWebhook: options.keepWebhook === true ? "true" : undefined },
    });
  }

  async listRepositories(filter: ListRepositoriesFilter = {}): Promise<Repository[]> {
    return this.#json(
      {
        method: "GET",
        path: "/repositories",
        query: { owner: filter.owner, name: filter.name, endpoint: filter.endpoint },
      },
      repositoriesWire,
    );
  }

  async getRepository(id: string): Promise<Repository> {
    return this.#json({ method: "GET", path: path("/repositories/{}", id) }, repositoryWire);
  }

  async createRepository(params: CreateRepositoryParams): Promise<Repository> {
    return this.#json(
      { method: "POST", path: "/repositories", body: createRepositoryToWire(params) },
      repositoryWire,
    );
  }

  async updateRepository(id: string, params: UpdateEntityParams): Promise<Repository> {
    return this.#json(
      { method: "PUT", path: path("/repositories/{}", id), body: updateEntityToWire(params) },
      repositoryWire,
    );
  }

  /** 404 for an unknown id; 400 while pools or scale sets remain under it. */
  async deleteRepository(id: string, options: { keepWebhook?: boolean } = {}): Promise<void> {
    await this.#send({
      method: "DELETE",
      path: path("/repositories/{}", id),
      query: { keepWebhook: options.keepWebhook === true ? "true" : undefined },
    });
  }

  // ---- scale sets --------------------------------------------------------------------------

  async listScaleSets(): Promise<ScaleSet[]> {
    return this.#json({ method: "GET", path: "/scalesets" }, scaleSetsWire);
  }

  async listScaleSetsFor(owner: ScaleSetOwner): Promise<ScaleSet[]> {
    return this.#json({ method: "GET", path: `${ownerPath(owner)}/scalesets` }, scaleSetsWire);
  }

  async getScaleSet(id: number): Promise<ScaleSet> {
    return this.#json({ method: "GET", path: path("/scalesets/{}", id) }, scaleSetWire);
  }

  /** The scale set's runners; GARM refuses to delete a scale set while it has any. */
  async listScaleSetRunners(id: number): Promise<ScaleSetRunner[]> {
    return this.#json({ method: "GET", path: path("/scalesets/{}/instances", id) }, scaleSetRunnersWire);
  }

  /**
   * Creates a scale set under an organisation or repository (GARM calls GitHub synchronously).
   * Parameters GARM would answer with a bare 500 are refused first (GarmRequestInvalidError).
   */
  async createScaleSet(owner: ScaleSetOwner, params: CreateScaleSetParams): Promise<ScaleSet> {
    validateCreateScaleSet(params);
    return this.#json(
      { method: "POST", path: `${ownerPath(owner)}/scalesets`, body: createScaleSetToWire(params) },
      scaleSetWire,
    );
  }

  /** Keep min idle <= max runners at every step: GARM checks the merged result (400). */
  async updateScaleSet(id: number, params: UpdateScaleSetParams): Promise<ScaleSet> {
    validateUpdateScaleSet(params);
    return this.#json(
      { method: "PUT", path: path("/scalesets/{}", id), body: updateScaleSetToWire(params) },
      scaleSetWire,
    );
  }

  /**
   * Deletes a scale set, then re-lists to see whether it is really gone: GARM answers 200 but
   * keeps the record when GitHub's side of the delete fails. `{ gone: false }` means "still
   * there, try again later". GARM refuses (400) while the scale set is enabled or has runners:
   * disable it first.
   */
  async deleteScaleSet(id: number): Promise<ScaleSetDeleteOutcome> {
    await this.#send({ method: "DELETE", path: path("/scalesets/{}", id) });
    const remaining = await this.listScaleSets();
    return { gone: !remaining.some((scaleSet) => scaleSet.id === id) };
  }

  // ---- runner-install templates ------------------------------------------------------------

  /** List entries have `script: undefined`; GARM reads the data only for getTemplate. */
  async listTemplates(filter: ListTemplatesFilter = {}): Promise<Template[]> {
    return this.#json(
      { method: "GET", path: "/templates", query: listTemplatesQuery(filter) },
      templatesWire,
    );
  }

  async getTemplate(id: number): Promise<Template> {
    return this.#json({ method: "GET", path: path("/templates/{}", id) }, templateWire);
  }

  /** 409 for a name the caller already owns; 400 for a script that is not a valid Go template. */
  async createTemplate(params: CreateTemplateParams): Promise<Template> {
    return this.#json(
      { method: "POST", path: "/templates", body: createTemplateToWire(params) },
      templateWire,
    );
  }

  async updateTemplate(id: number, params: UpdateTemplateParams): Promise<Template> {
    return this.#json(
      { method: "PUT", path: path("/templates/{}", id), body: updateTemplateToWire(params) },
      templateWire,
    );
  }

  /** Succeeds for a missing id; 400 while a pool or scale set uses the template. */
  async deleteTemplate(id: number): Promise<void> {
    await this.#send({ method: "DELETE", path: path("/templates/{}", id) });
  }

  /** Recreates system templates; a deleted one comes back with a new id. */
  async restoreTemplates(params: RestoreTemplatesParams): Promise<void> {
    await this.#send({ method: "POST", path: "/templates/restore", body: restoreTemplatesToWire(params) });
  }

  // ---- plumbing ----------------------------------------------------------------------------

  async #send(req: TransportRequest): Promise<{ status: number; text: string }> {
    return this.#transport.send({ ...req, token: this.#token });
  }

  async #json<S extends z.ZodType>(req: TransportRequest, schema: S): Promise<z.output<S>> {
    const res = await this.#send(req);
    const call = describeRequest(req);
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      throw new GarmProtocolError(call, `HTTP ${res.status} with a body that is not JSON`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      // Paths and messages only: values could be anything GARM stored.
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      throw new GarmProtocolError(call, issues);
    }
    return parsed.data;
  }
}

/** Undefined for an answer not of the expected shape; any other failure is rethrown. */
function unlessMalformed(error: unknown): undefined {
  if (error instanceof GarmProtocolError) return undefined;
  throw error;
}
