/**
 * The model a state-transition test starts from and ends with: the TypeScript counterpart of
 * `ops.testing.State`. Plain data, so tests can build it with object literals and compare it
 * with `toEqual`. `Context.run` never mutates its input; it returns a new State.
 */

export type ConfigValue = string | number | boolean;
export type Databag = Readonly<Record<string, string>>;

export type StatusName = "active" | "blocked" | "maintenance" | "waiting" | "unknown" | "error";
export interface Status {
  readonly name: StatusName;
  readonly message: string;
}

export interface RelationState {
  /** Juju relation id (the number in `db:7`). Unique within a State. */
  readonly id: number;
  /** Local endpoint name from charmcraft.yaml (`requires`/`provides`/`peers`). */
  readonly endpoint: string;
  readonly remoteAppName: string;
  readonly localAppData: Databag;
  readonly localUnitData: Databag;
  readonly remoteAppData: Databag;
  /** Remote units by unit number: `{0: {...}}` is `<remoteAppName>/0`. */
  readonly remoteUnitsData: Readonly<Record<number, Databag>>;
  /** Model of the remote application (cross-model relations); defaults to this model's uuid. */
  readonly remoteModelUuid?: string;
}

export interface SecretRevision {
  readonly revision: number;
  readonly content: Databag;
}

export type SecretRotatePolicy = "never" | "hourly" | "daily" | "weekly" | "monthly" | "quarterly" | "yearly";

export interface SecretState {
  /** Full URI as Juju prints it, e.g. `secret:cs2abc...` or `secret://<model-uuid>/cs2abc...`. */
  readonly id: string;
  /** `app` or `unit` when this charm owns it; `null` when another application owns it and shares it. */
  readonly owner: "app" | "unit" | null;
  readonly label?: string;
  readonly description?: string;
  /** RFC 3339. */
  readonly expire?: string;
  readonly rotate?: SecretRotatePolicy;
  /** Oldest first; the last entry is the latest revision. */
  readonly revisions: readonly SecretRevision[];
  /** Revision this unit currently tracks (what a plain `secret-get` returns). */
  readonly trackedRevision: number;
  /**
   * Who may read it, by relation id: the remote application name and/or unit names.
   * For a secret with `owner: null` this is ignored; `granted` says whether we can read it.
   */
  readonly grants: Readonly<Record<number, readonly string[]>>;
  /** For `owner: null` only: whether the owner granted it to this application. */
  readonly granted?: boolean;
}

export interface PebbleFile {
  /** Raw bytes; tests may give a string (UTF-8). */
  readonly content: Uint8Array | string;
  /** Three octal digits, as Pebble reports them: "600". */
  readonly permissions: string;
  readonly user?: string;
  readonly group?: string;
  readonly userId?: number;
  readonly groupId?: number;
}

export type ServiceCurrent = "active" | "inactive" | "error" | "backoff";

export interface PebbleNotice {
  readonly id: string;
  readonly type: "custom" | "change-update" | "warning";
  readonly key: string;
  readonly lastData?: Databag;
}

export interface PebbleCheck {
  readonly name: string;
  readonly level?: "alive" | "ready";
  readonly status: "up" | "down" | "inactive";
  readonly failures: number;
  readonly threshold: number;
}

export interface ContainerState {
  /** Container name from charmcraft.yaml. */
  readonly name: string;
  /** False: Pebble does not answer yet (connection refused). */
  readonly canConnect: boolean;
  /** Pebble layers by label, in the order they were added; each is the parsed layer YAML. */
  readonly layers: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Service state by name; a service in the plan but not listed here is inactive. */
  readonly serviceStatuses: Readonly<Record<string, ServiceCurrent>>;
  /** The container filesystem as Pebble sees it: absolute path -> file. */
  readonly files: Readonly<Record<string, PebbleFile>>;
  /** Directories that exist (absolute paths); parents of files are implied. */
  readonly dirs?: readonly string[];
  readonly notices?: readonly PebbleNotice[];
  readonly checks?: readonly PebbleCheck[];
  /**
   * Services whose start fails, by name: the reason Pebble puts in the failed change
   * (e.g. "exited quickly with code 1"). The service then reports `error`.
   */
  readonly serviceStartErrors?: Readonly<Record<string, string>>;
}

export interface PortState {
  readonly protocol: "tcp" | "udp" | "icmp";
  /** Absent for icmp. */
  readonly port?: number;
}

export interface NetworkState {
  /** Endpoint or extra-binding name. */
  readonly binding: string;
  readonly bindAddresses: readonly {
    interfaceName: string;
    addresses: readonly { value: string; cidr: string }[];
  }[];
  readonly ingressAddresses: readonly string[];
  readonly egressSubnets: readonly string[];
}

export interface StorageState {
  /** Storage name from charmcraft.yaml. */
  readonly name: string;
  /** Instance number: `data/0` is index 0. */
  readonly index: number;
  /** Where it is mounted; defaults to the charmcraft.yaml location. */
  readonly location?: string;
}

/** The cloud credential as `credential-get --format=json` prints it (Juju's own key names). */
export interface CloudSpecState {
  readonly type: string;
  readonly name: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly "identity-endpoint"?: string;
  readonly "storage-endpoint"?: string;
  readonly credential?: {
    readonly "auth-type": string;
    readonly attrs?: Readonly<Record<string, string>>;
    readonly redacted?: readonly string[];
  };
  readonly cacertificates?: readonly string[];
  readonly "skip-tls-verify"?: boolean;
  readonly "is-controller-cloud"?: boolean;
}

/**
 * The model's proxy settings (`juju model-config juju-http-proxy=...` and friends), which Juju
 * hands to every hook as JUJU_CHARM_HTTP_PROXY, JUJU_CHARM_HTTPS_PROXY, JUJU_CHARM_NO_PROXY and
 * JUJU_CHARM_FTP_PROXY. A setting left out is exported as an empty string, as Juju does.
 */
export interface ModelProxyState {
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  readonly noProxy?: string;
  readonly ftpProxy?: string;
}

export interface ModelInfo {
  readonly name: string;
  readonly uuid: string;
  readonly type: "iaas" | "caas";
}

export interface State {
  readonly config: Readonly<Record<string, ConfigValue>>;
  readonly leader: boolean;
  readonly model: ModelInfo;
  readonly relations: readonly RelationState[];
  readonly secrets: readonly SecretState[];
  readonly containers: readonly ContainerState[];
  readonly networks: readonly NetworkState[];
  readonly openedPorts: readonly PortState[];
  readonly unitStatus: Status;
  readonly appStatus: Status;
  readonly workloadVersion: string;
  /** Charm state (`state-get`/`state-set`), survives across hooks on the controller. */
  readonly storedState: Databag;
  /** Attached storage instances; absent means none. */
  readonly storages?: readonly StorageState[];
  /** File resources by name: the local path `resource-get` prints. Absent: none uploaded. */
  readonly resources?: Readonly<Record<string, string>>;
  /** What `credential-get` answers; absent means the application is not trusted (`juju trust`). */
  readonly cloudSpec?: CloudSpecState;
  /** The model's proxy settings; absent means none is set (every JUJU_CHARM_*_PROXY is empty). */
  readonly modelProxy?: ModelProxyState;
}
