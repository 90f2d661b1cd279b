import { readGarmConfiguratorUnitData, writeGarmConfiguratorUnitData } from "@garm-charms/interfaces";
import { describe, expect, it } from "vitest";

import { parseConfiguratorConfig, type ConfiguratorConfig } from "./config.js";
import { buildCredentials, buildImageRequest, buildPublication, providerNameOf } from "./publication.js";
import { VALID_RAW_CONFIG } from "./test-support/valid-config.js";

function validConfig(extra: Record<string, unknown> = {}): ConfiguratorConfig {
  // The shared config targets a repository; publication tests use an organisation.
  const { repo: _repo, ...base } = VALID_RAW_CONFIG;
  const result = parseConfiguratorConfig({
    ...base,
    org: "myorg",
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const uris = {
  passwordSecretUri: "secret:pw0000000000000000000",
  privateKeySecretUri: "secret:key000000000000000000",
};

describe("publication", () => {
  it("names the provider after the unit, as the garm charm names its providers", () => {
    expect(providerNameOf("garm-configurator/0")).toBe("garm-configurator-0");
    expect(providerNameOf("small-runners/12")).toBe("small-runners-12");
  });

  it("sends the six credential keys to the image builder, not region or network", () => {
    expect(buildImageRequest(validConfig(), "s3cr3t")).toEqual({
      authUrl: "https://keystone.example.com:5000/v3",
      username: "garm-runners",
      password: "s3cr3t",
      projectName: "garm-runners",
      userDomainName: "Default",
      projectDomainName: "Default",
    });
  });

  it("publishes the pre-install option as the single script pre_install.sh", () => {
    const publication = buildPublication(
      validConfig({ "pre-install-scripts": "echo hi\n" }),
      "c/0",
      undefined,
      undefined,
    );
    expect(publication.scaleset.preInstallScripts).toEqual({ "pre_install.sh": "echo hi\n" });
    expect(buildPublication(validConfig(), "c/0", undefined, undefined).scaleset.preInstallScripts).toEqual(
      {},
    );
  });

  it("never publishes credentials without the image id", () => {
    const config = validConfig();
    const credentials = buildCredentials(config, uris);
    expect(buildPublication(config, "c/0", undefined, credentials).credentials).toBeUndefined();
    expect(buildPublication(config, "c/0", "img", credentials).credentials).toEqual(credentials);
  });

  it("gives garm a complete databag once the image id and credentials are there", () => {
    const config = validConfig();
    const publication = buildPublication(config, "c/0", "img", buildCredentials(config, uris));
    const bag = Object.fromEntries(
      Object.entries(writeGarmConfiguratorUnitData(publication).data).filter(([, v]) => v !== ""),
    );
    const read = readGarmConfiguratorUnitData(bag);
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.value.providerName).toBe("c-0");
      expect(read.value.scaleset.target).toEqual({ kind: "organization", name: "myorg" });
      expect(read.value.openstack.passwordSecretUri).toBe(uris.passwordSecretUri);
    }
  });
});
