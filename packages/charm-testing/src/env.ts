import { getSecret } from "./builders.js";
import type { HarnessEvent } from "./events.js";
import { hookName } from "./events.js";
import { storageLocation } from "./meta.js";
import type { CharmMeta } from "./meta.js";
import type { State } from "./state.js";

/**
 * The environment Juju's uniter gives a hook (HookVars in juju's runner/context, plus the
 * dispatch path runner.go appends): the variables every hook gets, then the event's own.
 */

export interface HookEnvInput {
  readonly event: HarnessEvent;
  readonly state: State;
  readonly meta: CharmMeta;
  readonly appName: string;
  readonly unitId: number;
  readonly jujuVersion: string;
  readonly charmDir: string;
  /** Distinguishes hook contexts, as Juju's `<unit>-<hook>-<random>` does. */
  readonly contextNumber: number;
}

type RelationEvent = Extract<HarnessEvent, { relationId: number }>;
type SecretEvent = Extract<HarnessEvent, { secretId: string }>;
type PebbleEvent = Extract<HarnessEvent, { container: string }>;
type StorageEvent = Extract<HarnessEvent, { storage: string }>;
type ActionEvent = Extract<HarnessEvent, { kind: "action" }>;

function relationVariables(event: RelationEvent, state: State): Record<string, string> {
  const relation = state.relations.find((r) => r.id === event.relationId);
  const vars: Record<string, string> = {
    JUJU_RELATION: event.endpoint,
    JUJU_RELATION_ID: `${event.endpoint}:${String(event.relationId)}`,
    JUJU_REMOTE_APP: relation?.remoteAppName ?? "",
    JUJU_REMOTE_UNIT: event.remoteUnit ?? "",
  };
  if (event.kind === "relation-departed") vars["JUJU_DEPARTING_UNIT"] = event.departingUnit ?? "";
  return vars;
}

function secretVariables(event: SecretEvent, state: State): Record<string, string> {
  const secret = getSecret(state, { id: event.secretId });
  const vars: Record<string, string> = {
    JUJU_SECRET_ID: secret?.id ?? event.secretId,
    JUJU_SECRET_LABEL: secret?.label ?? "",
  };
  if ("revision" in event) vars["JUJU_SECRET_REVISION"] = String(event.revision);
  return vars;
}

function pebbleVariables(event: PebbleEvent): Record<string, string> {
  if ("notice" in event) {
    return {
      JUJU_WORKLOAD_NAME: event.container,
      JUJU_NOTICE_ID: event.notice.id,
      JUJU_NOTICE_TYPE: event.notice.type,
      JUJU_NOTICE_KEY: event.notice.key,
    };
  }
  if ("checkName" in event)
    return { JUJU_WORKLOAD_NAME: event.container, JUJU_PEBBLE_CHECK_NAME: event.checkName };
  return { JUJU_WORKLOAD_NAME: event.container };
}

function storageVariables(event: StorageEvent, state: State, meta: CharmMeta): Record<string, string> {
  const instance = (state.storages ?? []).find(
    (s) => s.name === event.storage && s.index === event.index,
  ) ?? {
    name: event.storage,
    index: event.index,
  };
  return {
    JUJU_STORAGE_ID: `${event.storage}/${String(event.index)}`,
    JUJU_STORAGE_LOCATION: storageLocation(meta, instance),
    JUJU_STORAGE_KIND: meta.storage[event.storage]?.type ?? "filesystem",
  };
}

function actionVariables(event: ActionEvent): Record<string, string> {
  return { JUJU_ACTION_NAME: event.name, JUJU_ACTION_UUID: event.id, JUJU_ACTION_TAG: `action-${event.id}` };
}

/** The event's own variables; lifecycle hooks have none. */
function eventVariables(input: HookEnvInput): Record<string, string> {
  const { event, state, meta } = input;
  if ("relationId" in event) return relationVariables(event, state);
  if ("secretId" in event) return secretVariables(event, state);
  if ("container" in event) return pebbleVariables(event);
  if ("storage" in event) return storageVariables(event, state, meta);
  if (event.kind === "action") return actionVariables(event);
  return {};
}

export function buildHookEnv(input: HookEnvInput): Record<string, string> {
  const { event, state, appName, unitId, jujuVersion, charmDir } = input;
  const unitName = `${appName}/${String(unitId)}`;
  const unitTag = `unit-${appName}-${String(unitId)}`;
  const hook = hookName(event);
  const isAction = event.kind === "action";
  const env: Record<string, string> = {
    JUJU_HOOK_NAME: isAction ? "" : hook,
    JUJU_CHARM_DIR: charmDir,
    CHARM_DIR: charmDir,
    JUJU_CONTEXT_ID: `${unitName}-${hook}-${String(input.contextNumber)}`,
    JUJU_AGENT_SOCKET_ADDRESS: `@/var/lib/juju/agents/${unitTag}/agent.socket`,
    JUJU_AGENT_SOCKET_NETWORK: "unix",
    JUJU_UNIT_NAME: unitName,
    JUJU_MODEL_NAME: state.model.name,
    JUJU_MODEL_UUID: state.model.uuid,
    JUJU_API_ADDRESSES: "192.0.2.1:17070",
    JUJU_MACHINE_ID: state.model.type === "caas" ? "" : "0",
    JUJU_PRINCIPAL_UNIT: "",
    JUJU_AVAILABILITY_ZONE: "",
    JUJU_VERSION: jujuVersion,
    CLOUD_API_VERSION: "",
    // Juju exports the four proxy variables in every hook, empty when the model sets none.
    JUJU_CHARM_HTTP_PROXY: state.modelProxy?.httpProxy ?? "",
    JUJU_CHARM_HTTPS_PROXY: state.modelProxy?.httpsProxy ?? "",
    JUJU_CHARM_FTP_PROXY: state.modelProxy?.ftpProxy ?? "",
    JUJU_CHARM_NO_PROXY: state.modelProxy?.noProxy ?? "",
    PATH: `/var/lib/juju/tools/${unitTag}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    LANG: "C.UTF-8",
    TERM: "tmux-256color",
    DEBIAN_FRONTEND: "noninteractive",
    APT_LISTCHANGES_FRONTEND: "none",
  };
  // Juju 3.x still exports the legacy SLA variable; Juju 4 dropped it.
  if (jujuVersion.startsWith("3.")) env["JUJU_SLA"] = "unsupported";
  Object.assign(env, eventVariables(input));
  env["JUJU_DISPATCH_PATH"] = `${isAction ? "actions" : "hooks"}/${hook}`;
  return env;
}
