import { describe, expect, it } from "vitest";

import { InvalidEnvironmentError, MissingEnvironmentError, UnknownHookError } from "./errors.js";
import { LIFECYCLE_HOOKS, parseEvent, parseJujuContext } from "./events.js";
import type { Env } from "./events.js";

const base: Env = {
  JUJU_UNIT_NAME: "garm/0",
  JUJU_MODEL_NAME: "ci",
  JUJU_MODEL_UUID: "a1b2c3d4-0000-4000-8000-000000000001",
  JUJU_VERSION: "3.6.4",
};

function env(dispatchPath: string, extra: Env = {}): Env {
  return { ...base, JUJU_DISPATCH_PATH: dispatchPath, ...extra };
}

describe("parseEvent: lifecycle hooks", () => {
  it.each(LIFECYCLE_HOOKS)("maps hooks/%s to a lifecycle event", (hook) => {
    expect(parseEvent(env(`hooks/${hook}`))).toEqual({ kind: hook, hook });
  });

  it("requires JUJU_DISPATCH_PATH and names it", () => {
    expect(() => parseEvent(base)).toThrow(MissingEnvironmentError);
    expect(() => parseEvent(base)).toThrow(/JUJU_DISPATCH_PATH/);
    expect(() => parseEvent({ ...base, JUJU_DISPATCH_PATH: "" })).toThrow(/JUJU_DISPATCH_PATH/);
  });

  it("rejects unknown hooks and malformed paths", () => {
    expect(() => parseEvent(env("hooks/frobnicate"))).toThrow(UnknownHookError);
    expect(() => parseEvent(env("src/charm.js"))).toThrow(UnknownHookError);
  });

  it("accepts a leading ./", () => {
    expect(parseEvent(env("./hooks/install"))).toEqual({ kind: "install", hook: "install" });
  });
});

describe("parseEvent: relation hooks", () => {
  const rel = {
    JUJU_RELATION: "garm-configurator",
    JUJU_RELATION_ID: "garm-configurator:7",
    JUJU_REMOTE_APP: "cfg",
  };

  it("parses changed with an endpoint containing hyphens and relation-like words", () => {
    const event = parseEvent(
      env("hooks/garm-configurator-relation-changed", { ...rel, JUJU_REMOTE_UNIT: "cfg/1" }),
    );
    expect(event).toEqual({
      kind: "relation-changed",
      hook: "garm-configurator-relation-changed",
      endpoint: "garm-configurator",
      relationId: 7,
      remoteApp: "cfg",
      remoteUnit: "cfg/1",
      departingUnit: undefined,
    });
  });

  it("parses an endpoint that itself ends in -relation", () => {
    const event = parseEvent(
      env("hooks/db-relation-relation-joined", {
        JUJU_RELATION: "db-relation",
        JUJU_RELATION_ID: "db-relation:3",
        JUJU_REMOTE_APP: "pg",
        JUJU_REMOTE_UNIT: "pg/0",
      }),
    );
    expect(event).toMatchObject({ kind: "relation-joined", endpoint: "db-relation", relationId: 3 });
  });

  it("parses created and broken without a remote unit", () => {
    expect(parseEvent(env("hooks/garm-configurator-relation-created", rel))).toMatchObject({
      kind: "relation-created",
      remoteUnit: undefined,
    });
    expect(
      parseEvent(env("hooks/garm-configurator-relation-broken", { ...rel, JUJU_REMOTE_UNIT: "" })),
    ).toMatchObject({ kind: "relation-broken", remoteApp: "cfg", remoteUnit: undefined });
  });

  it("parses departed with the departing unit", () => {
    const event = parseEvent(
      env("hooks/garm-configurator-relation-departed", {
        ...rel,
        JUJU_REMOTE_UNIT: "cfg/1",
        JUJU_DEPARTING_UNIT: "cfg/1",
      }),
    );
    expect(event).toMatchObject({ kind: "relation-departed", remoteUnit: "cfg/1", departingUnit: "cfg/1" });
  });

  it("parses an application-level changed (the remote app databag changed) without a remote unit", () => {
    // Juju runs -relation-changed with JUJU_REMOTE_UNIT empty when only the remote leader's app
    // databag changed (ops: `event.unit` is None); a charm must not fail that hook.
    for (const remote of [undefined, ""]) {
      expect(
        parseEvent(env("hooks/garm-configurator-relation-changed", { ...rel, JUJU_REMOTE_UNIT: remote })),
      ).toMatchObject({ kind: "relation-changed", remoteApp: "cfg", remoteUnit: undefined });
    }
  });

  it.each(["joined", "departed"])("names a missing JUJU_REMOTE_UNIT for relation-%s", (phase) => {
    const e = env(`hooks/garm-configurator-relation-${phase}`, { ...rel, JUJU_REMOTE_UNIT: undefined });
    expect(() => parseEvent(e)).toThrow(MissingEnvironmentError);
    expect(() => parseEvent(e)).toThrow("JUJU_REMOTE_UNIT");
  });

  it.each([
    ["JUJU_RELATION", { JUJU_RELATION: undefined }],
    ["JUJU_RELATION_ID", { JUJU_RELATION_ID: undefined }],
    ["JUJU_REMOTE_APP", { JUJU_REMOTE_APP: "" }],
  ])("names the missing %s", (variable, override) => {
    const e = env("hooks/garm-configurator-relation-changed", {
      ...rel,
      JUJU_REMOTE_UNIT: "cfg/1",
      ...override,
    });
    expect(() => parseEvent(e)).toThrow(MissingEnvironmentError);
    expect(() => parseEvent(e)).toThrow(variable);
  });

  it("rejects a malformed relation id and a JUJU_RELATION that does not match the hook", () => {
    const bad = env("hooks/garm-configurator-relation-created", {
      ...rel,
      JUJU_RELATION_ID: "garm-configurator:x",
    });
    expect(() => parseEvent(bad)).toThrow(InvalidEnvironmentError);
    const mismatch = env("hooks/garm-configurator-relation-created", { ...rel, JUJU_RELATION: "db" });
    expect(() => parseEvent(mismatch)).toThrow(/JUJU_RELATION/);
  });
});

describe("parseEvent: secret hooks", () => {
  it("parses secret-changed with id and label", () => {
    expect(
      parseEvent(
        env("hooks/secret-changed", { JUJU_SECRET_ID: "secret:abc", JUJU_SECRET_LABEL: "github-app" }),
      ),
    ).toEqual({
      kind: "secret-changed",
      hook: "secret-changed",
      secretId: "secret:abc",
      secretLabel: "github-app",
      revision: undefined,
    });
  });

  it("parses secret-rotate with an empty label", () => {
    expect(
      parseEvent(env("hooks/secret-rotate", { JUJU_SECRET_ID: "secret:abc", JUJU_SECRET_LABEL: "" })),
    ).toMatchObject({ kind: "secret-rotate", secretLabel: undefined });
  });

  it.each(["secret-expired", "secret-remove"])("parses %s with its revision", (hook) => {
    expect(
      parseEvent(env(`hooks/${hook}`, { JUJU_SECRET_ID: "secret:abc", JUJU_SECRET_REVISION: "4" })),
    ).toMatchObject({
      kind: hook,
      revision: 4,
    });
    expect(() => parseEvent(env(`hooks/${hook}`, { JUJU_SECRET_ID: "secret:abc" }))).toThrow(
      /JUJU_SECRET_REVISION/,
    );
  });

  it("requires JUJU_SECRET_ID", () => {
    expect(() => parseEvent(env("hooks/secret-changed"))).toThrow(/JUJU_SECRET_ID/);
  });
});

describe("parseEvent: workload hooks", () => {
  it("parses pebble-ready for a container with hyphens", () => {
    expect(parseEvent(env("hooks/garm-server-pebble-ready", { JUJU_WORKLOAD_NAME: "garm-server" }))).toEqual({
      kind: "pebble-ready",
      hook: "garm-server-pebble-ready",
      container: "garm-server",
    });
    expect(() => parseEvent(env("hooks/garm-server-pebble-ready"))).toThrow(/JUJU_WORKLOAD_NAME/);
  });

  it("parses pebble-custom-notice with the notice", () => {
    const event = parseEvent(
      env("hooks/garm-pebble-custom-notice", {
        JUJU_WORKLOAD_NAME: "garm",
        JUJU_NOTICE_ID: "12",
        JUJU_NOTICE_TYPE: "custom",
        JUJU_NOTICE_KEY: "canonical.com/garm/reload",
      }),
    );
    expect(event).toEqual({
      kind: "pebble-custom-notice",
      hook: "garm-pebble-custom-notice",
      container: "garm",
      noticeId: "12",
      noticeType: "custom",
      noticeKey: "canonical.com/garm/reload",
    });
    expect(() =>
      parseEvent(env("hooks/garm-pebble-custom-notice", { JUJU_WORKLOAD_NAME: "garm", JUJU_NOTICE_ID: "1" })),
    ).toThrow(/JUJU_NOTICE_TYPE/);
  });

  it.each(["pebble-check-failed", "pebble-check-recovered"])("parses %s with the check name", (kind) => {
    expect(
      parseEvent(env(`hooks/garm-${kind}`, { JUJU_WORKLOAD_NAME: "garm", JUJU_PEBBLE_CHECK_NAME: "api-up" })),
    ).toEqual({ kind, hook: `garm-${kind}`, container: "garm", checkName: "api-up" });
    expect(() => parseEvent(env(`hooks/garm-${kind}`, { JUJU_WORKLOAD_NAME: "garm" }))).toThrow(
      /JUJU_PEBBLE_CHECK_NAME/,
    );
  });
});

describe("parseEvent: storage hooks", () => {
  it("parses attached with name, index, location and kind", () => {
    expect(
      parseEvent(
        env("hooks/garm-data-storage-attached", {
          JUJU_STORAGE_ID: "garm-data/2",
          JUJU_STORAGE_LOCATION: "/srv/data",
          JUJU_STORAGE_KIND: "filesystem",
        }),
      ),
    ).toEqual({
      kind: "storage-attached",
      hook: "garm-data-storage-attached",
      storageName: "garm-data",
      storageIndex: 2,
      location: "/srv/data",
      storageKind: "filesystem",
    });
  });

  it("parses detaching and validates the id", () => {
    expect(parseEvent(env("hooks/data-storage-detaching", { JUJU_STORAGE_ID: "data/0" }))).toMatchObject({
      kind: "storage-detaching",
      storageName: "data",
      storageIndex: 0,
    });
    expect(() => parseEvent(env("hooks/data-storage-detaching"))).toThrow(/JUJU_STORAGE_ID/);
    expect(() => parseEvent(env("hooks/data-storage-detaching", { JUJU_STORAGE_ID: "data" }))).toThrow(
      InvalidEnvironmentError,
    );
    expect(() =>
      parseEvent(
        env("hooks/data-storage-attached", { JUJU_STORAGE_ID: "data/0", JUJU_STORAGE_KIND: "tape" }),
      ),
    ).toThrow(/JUJU_STORAGE_KIND/);
  });
});

describe("parseEvent: actions", () => {
  it("maps actions/<name> with its id", () => {
    expect(
      parseEvent(
        env("actions/create-admin-password", {
          JUJU_ACTION_UUID: "42",
          JUJU_ACTION_NAME: "create-admin-password",
        }),
      ),
    ).toEqual({ kind: "action", name: "create-admin-password", id: "42" });
  });

  it("requires JUJU_ACTION_UUID", () => {
    expect(() => parseEvent(env("actions/backup"))).toThrow(/JUJU_ACTION_UUID/);
  });
});

describe("parseJujuContext", () => {
  it("parses unit, app, model, version and proxy settings", () => {
    const ctx = parseJujuContext(
      env("hooks/install", {
        JUJU_CHARM_HTTP_PROXY: "http://proxy:3128",
        JUJU_CHARM_HTTPS_PROXY: "http://proxy:3129",
        JUJU_CHARM_NO_PROXY: "localhost,10.0.0.0/8",
        JUJU_CHARM_FTP_PROXY: "",
        JUJU_CHARM_DIR: "/var/lib/juju/agents/unit-garm-0/charm",
      }),
    );
    expect(ctx).toEqual({
      event: { kind: "install", hook: "install" },
      unitName: "garm/0",
      appName: "garm",
      modelName: "ci",
      modelUuid: base["JUJU_MODEL_UUID"],
      jujuVersion: "3.6.4",
      proxy: {
        httpProxy: "http://proxy:3128",
        httpsProxy: "http://proxy:3129",
        noProxy: "localhost,10.0.0.0/8",
        ftpProxy: undefined,
      },
      charmDir: "/var/lib/juju/agents/unit-garm-0/charm",
      debug: false,
    });
  });

  it("notices JUJU_DEBUG", () => {
    expect(parseJujuContext(env("hooks/install", { JUJU_DEBUG: "1" })).debug).toBe(true);
  });

  it.each(["JUJU_UNIT_NAME", "JUJU_MODEL_NAME", "JUJU_MODEL_UUID", "JUJU_VERSION"])(
    "names the missing %s",
    (variable) => {
      const e = { ...env("hooks/install"), [variable]: undefined };
      expect(() => parseJujuContext(e)).toThrow(MissingEnvironmentError);
      expect(() => parseJujuContext(e)).toThrow(variable);
    },
  );

  it("rejects a unit name without a number", () => {
    expect(() => parseJujuContext(env("hooks/install", { JUJU_UNIT_NAME: "garm" }))).toThrow(
      InvalidEnvironmentError,
    );
  });
});
