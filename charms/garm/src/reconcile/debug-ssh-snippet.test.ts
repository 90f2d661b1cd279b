import { describe, expect, it } from "vitest";
import {
  prependAfterShebang,
  renderCharmedTemplate,
  renderDebugSshSnippet,
  UnsafeDebugSshValueError,
} from "./debug-ssh-snippet.js";

const SSH = {
  host: "tmate.example",
  port: 10022,
  rsaFingerprint: "SHA256:rsa+/1",
  ed25519Fingerprint: "SHA256:ed",
};

describe("renderDebugSshSnippet", () => {
  it("appends the tmate server to the runner's .env through a quoted heredoc", () => {
    expect(renderDebugSshSnippet(SSH)).toBe(
      [
        "# garm charm: tmate server for debug-ssh sessions",
        "mkdir -p '/home/runner/actions-runner'",
        "cat >> '/home/runner/actions-runner/.env' <<'GARM_CHARM_TMATE_ENV'",
        "TMATE_SERVER_HOST=tmate.example",
        "TMATE_SERVER_PORT=10022",
        "TMATE_SERVER_RSA_FINGERPRINT=SHA256:rsa+/1",
        "TMATE_SERVER_ED25519_FINGERPRINT=SHA256:ed",
        "GARM_CHARM_TMATE_ENV",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["host", { ...SSH, host: "evil\nrm -rf /" }],
    ["host", { ...SSH, host: "{{ .CallbackToken }}" }],
    ["port", { ...SSH, port: 0 }],
    ["rsa_fingerprint", { ...SSH, rsaFingerprint: "SHA256:x\nGARM_CHARM_TMATE_ENV" }],
    ["ed25519_fingerprint", { ...SSH, ed25519Fingerprint: "MD5:aa" }],
  ])("refuses a %s that is not plain", (field, connection) => {
    expect(() => renderDebugSshSnippet(connection)).toThrow(UnsafeDebugSshValueError);
    expect(() => renderDebugSshSnippet(connection)).toThrow(`debug-ssh ${field} was rejected`);
  });
});

describe("prependAfterShebang", () => {
  it("inserts after the #! line, newline-terminated, and is a no-op for an empty snippet", () => {
    expect(prependAfterShebang("#!/bin/bash\nset -e\n", "echo hi")).toBe("#!/bin/bash\necho hi\nset -e\n");
    expect(prependAfterShebang("set -e\n", "echo hi\n")).toBe("echo hi\nset -e\n");
    expect(prependAfterShebang("#!/bin/bash\nset -e\n", "")).toBe("#!/bin/bash\nset -e\n");
  });
});

describe("renderCharmedTemplate", () => {
  it("is the system template unchanged without debug-ssh", () => {
    expect(renderCharmedTemplate("#!/bin/bash\nset -e\n", undefined)).toBe("#!/bin/bash\nset -e\n");
  });
});
