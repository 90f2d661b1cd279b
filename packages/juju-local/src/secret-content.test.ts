import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { secretArgs, secretFile } from "./secret-content.js";

const dir = mkdtempSync(join(tmpdir(), "secret-content-"));

describe("secret content as juju add-secret takes it", () => {
  it("reads key=value, key#file=<path> and key#base64=<b64>", () => {
    const pem = join(dir, "key.pem");
    writeFileSync(pem, "-----BEGIN KEY-----\nabc\n-----END KEY-----\n");
    expect(secretArgs(["value=plain=text", `key#file=${pem}`, `token#base64=${btoa("s3cret")}`])).toEqual({
      value: "plain=text",
      key: "-----BEGIN KEY-----\nabc\n-----END KEY-----\n",
      token: "s3cret",
    });
  });

  it("refuses keys Juju refuses, unknown suffixes and unreadable files", () => {
    expect(() => secretArgs(["ab=x"])).toThrow(/invalid secret key "ab"/);
    expect(() => secretArgs(["Value=x"])).toThrow(/invalid secret key/);
    expect(() => secretArgs(["value#hex=00"])).toThrow(/#hex/);
    expect(() => secretArgs([`value#file=${join(dir, "missing")}`])).toThrow(
      /cannot read secret content file/,
    );
    expect(() => secretArgs(["novalue"])).toThrow(/expected "key=value"/);
  });

  it("reads --file as a flat YAML map with the same key forms, and refuses anything else", () => {
    const flat = join(dir, "flat.yaml");
    writeFileSync(flat, `username: admin\nport: 5432\npassword#base64: ${btoa("pw")}\n`);
    expect(secretFile(flat)).toEqual({ username: "admin", port: "5432", password: "pw" });
    const nested = join(dir, "nested.yaml");
    writeFileSync(nested, "outer:\n  inner: x\n");
    expect(() => secretFile(nested)).toThrow(/not a flat YAML map/);
    const broken = join(dir, "broken.yaml");
    writeFileSync(broken, "key: [unclosed\n");
    expect(() => secretFile(broken)).toThrow(/cannot read secret content file ".*broken\.yaml" as YAML/);
  });
});
