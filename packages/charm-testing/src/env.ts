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

function eventVariables(input: HookEnvInput): Record<string, string> {
  const { event, state, meta } = input;
  switch (event.kind) {
    case "relation-created":
    case "relation-joined":
    case "relation-changed":
    case "relation-departed":
    case "relation-broken": {
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
    case "secret-changed":
    case "secret-rotate":
    case "secret-expired":
    case "secret-remove": {
      const secret = getSecret(state, { id: event.secretId });
      const vars: Record<string, string> = {
        JUJU_SECRET_ID: secret?.id ?? event.secretId,
        JUJU_SECRET_LABEL: secret?.label ?? "",
      };
      if (event.kind === "secret-expired" || event.kind === "secret-remove") {
        vars["JUJU_SECRET_REVISION"] = String(event.revision);
      }
      return vars;
    }
    case "pebble-ready":
      return { JUJU_WORKLOAD_NAME: event.container };
    case "pebble-custom-notice":
      return {
        JUJU_WORKLOAD_NAME: event.container,
        JUJU_NOTICE_ID: event.notice.id,
        JUJU_NOTICE_TYPE: event.notice.type,
        JUJU_NOTICE_KEY: event.notice.key,
      };
    case "pebble-check-failed":
    case "pebble-check-recovered":
      return { JUJU_WORKLOAD_NAME: event.container, JUJU_PEBBLE_CHECK_NAME: event.checkName };
    case "storage-attached":
    case "storage-detaching": {
      const instance = (state.storages ?? []).find(
        (s) => s.name === event.storage && s.index === event.index,
      ) ?? { name: event.storage, index: event.index };
      return {
        JUJU_STORAGE_ID: `${event.storage}/${String(event.index)}`,
        JUJU_STORAGE_LOCATION: storageLocation(meta, instance),
        JUJU_STORAGE_KIND: meta.storage[event.storage]?.type ?? "filesystem",
      };
    }
    case "action":
      return {
        JUJU_ACTION_NAME: event.name,
        JUJU_ACTION_UUID: event.id,
        JUJU_ACTION_TAG: `action-${event.id}`,
      };
    default:
      return {};
  }
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
