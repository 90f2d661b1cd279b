import { describe, expect, it } from "vitest";

import {
  HookToolUsageError,
  ModelError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
} from "../errors.js";
import { toolError } from "./tool-errors.js";

describe("toolError", () => {
  it("maps 'relation not found' from relation- and network- tools", () => {
    const e = toolError("relation-get", 2, 'ERROR invalid value "db:9" for option -r: relation not found\n');
    expect(e).toBeInstanceOf(RelationNotFoundError);
    expect(e).toMatchObject({ tool: "relation-get", exitCode: 2 });
    expect(toolError("network-get", 1, "ERROR relation not found\n")).toBeInstanceOf(RelationNotFoundError);
    expect(toolError("status-get", 1, "ERROR relation not found\n")).not.toBeInstanceOf(
      RelationNotFoundError,
    );
  });

  it("maps 'not found' from secret- tools", () => {
    expect(toolError("secret-get", 1, 'ERROR secret "abc" not found\n')).toBeInstanceOf(SecretNotFoundError);
    expect(toolError("secret-info-get", 1, 'ERROR secret "abc" not found\n')).toBeInstanceOf(
      SecretNotFoundError,
    );
  });

  it.each([
    "permission denied",
    "access denied",
    "this unit is not the leader",
    "cannot write relation settings",
  ])("maps '%s' to PermissionDeniedError", (text) => {
    expect(toolError("relation-set", 1, `ERROR ${text}\n`)).toBeInstanceOf(PermissionDeniedError);
  });

  it("maps exit code 2 to a usage error and the rest to ModelError", () => {
    expect(toolError("status-set", 2, 'ERROR invalid status "x"\n')).toBeInstanceOf(HookToolUsageError);
    const general = toolError("config-get", 1, "ERROR boom\n");
    expect(general.constructor).toBe(ModelError);
    expect(general.message).toBe("config-get failed with exit code 1: ERROR boom");
  });
});
