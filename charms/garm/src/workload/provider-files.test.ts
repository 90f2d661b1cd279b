import { describe, it, expect } from "vitest";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import {
  ProviderFilesError,
  expectedProviderFilePaths,
  parseProviderFilePath,
  providerFilePaths,
  providerNameForUnit,
  renderProviderFiles,
  staleProviderFiles,
  type OpenStackCredentials,
} from "./provider-files.js";

const credentials: OpenStackCredentials = {
  authUrl: "https://keystone.example.com:5000/v3",
  username: "admin",
  password: "p:a#ss 'yes' \"x\"\\",
  projectName: "proj",
  userDomainName: "Default",
  projectDomainName: "Default",
  regionName: "RegionOne",
  network: "external-net",
};

describe("providerNameForUnit", () => {
  it.each([
    ["garm-configurator/0", "garm-configurator-0"],
    ["runners-large/12", "runners-large-12"],
    ["a1/3", "a1-3"],
  ])("%s -> %s", (unit, name) => {
    expect(providerNameForUnit(unit)).toBe(name);
  });

  it.each(["garm-configurator", "../etc/0", "Garm/0", "app/x", "app/0/1", "app-/0"])("refuses %s", (unit) => {
    expect(() => providerNameForUnit(unit)).toThrow(ProviderFilesError);
  });
});

describe("providerFilePaths", () => {
  it("derives both paths from the provider name", () => {
    expect(providerFilePaths("garm-configurator-0")).toEqual({
      config: "/etc/garm/provider-garm-configurator-0.toml",
      clouds: "/etc/garm/clouds-garm-configurator-0.yaml",
    });
  });

  it("refuses names that are not derived from a unit name", () => {
    expect(() => providerFilePaths("../../x-0")).toThrow(ProviderFilesError);
    expect(() => providerFilePaths("openstack")).toThrow(ProviderFilesError);
  });

  it("is undone by parseProviderFilePath, which recognises no other file", () => {
    const paths = providerFilePaths("garm-configurator-0");
    expect(parseProviderFilePath(paths.config)).toEqual({ name: "garm-configurator-0", file: "config" });
    expect(parseProviderFilePath(paths.clouds)).toEqual({ name: "garm-configurator-0", file: "clouds" });
    for (const other of [
      "/etc/garm/config.toml",
      "/etc/garm/provider-openstack.toml",
      "/tmp/clouds-a-0.yaml",
    ]) {
      expect(parseProviderFilePath(other)).toBeUndefined();
    }
  });
});

describe("renderProviderFiles", () => {
  const rendered = renderProviderFiles("garm-configurator-0", credentials);

  it("renders the provider TOML pointing at its clouds.yaml", () => {
    expect(rendered.files[0].path).toBe("/etc/garm/provider-garm-configurator-0.toml");
    expect(parseToml(rendered.files[0].content)).toEqual({
      cloud: "garm-configurator-0",
      network_id: "external-net",
      use_config_drive: true,
      credentials: { clouds: "/etc/garm/clouds-garm-configurator-0.yaml" },
    });
  });

  it("renders clouds.yaml whose cloud carries the credentials, password round-tripping", () => {
    expect(rendered.files[1].path).toBe("/etc/garm/clouds-garm-configurator-0.yaml");
    expect(parseYaml(rendered.files[1].content)).toEqual({
      clouds: {
        "garm-configurator-0": {
          auth: {
            auth_url: "https://keystone.example.com:5000/v3",
            password: "p:a#ss 'yes' \"x\"\\",
            project_domain_name: "Default",
            project_name: "proj",
            user_domain_name: "Default",
            username: "admin",
          },
          region_name: "RegionOne",
        },
      },
    });
  });

  it("keeps YAML-special values as strings", () => {
    const tricky = renderProviderFiles("p-1", {
      ...credentials,
      password: "yes",
      username: "123",
      projectName: "~",
    });
    const auth = (parseYaml(tricky.files[1].content) as { clouds: Record<string, { auth: object }> }).clouds[
      "p-1"
    ]!.auth;
    expect(auth).toMatchObject({ password: "yes", username: "123", project_name: "~" });
  });

  it("refuses unusable credentials naming the field, not the value", () => {
    const render = () =>
      renderProviderFiles("p-1", { ...credentials, authUrl: "keystone:5000", network: "", password: "" });
    expect(render).toThrow(ProviderFilesError);
    expect(render).toThrow("auth URL must be http(s); password is required; network is required");
    expect(() => renderProviderFiles("p-1", { ...credentials, regionName: "r\n[x]" })).toThrow(
      "region name must be a single line",
    );
    try {
      renderProviderFiles("p-1", { ...credentials, authUrl: "ftp://user:hunter2@host" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
  });
});

describe("stale provider files", () => {
  it("lists the files every provider needs", () => {
    expect(expectedProviderFilePaths(["a-0", "b-1"])).toEqual([
      "/etc/garm/provider-a-0.toml",
      "/etc/garm/clouds-a-0.yaml",
      "/etc/garm/provider-b-1.toml",
      "/etc/garm/clouds-b-1.yaml",
    ]);
  });

  it("finds provider files of units that went away, and nothing else", () => {
    const existing = [
      "/etc/garm/config.toml",
      "/etc/garm/provider-a-0.toml",
      "/etc/garm/clouds-a-0.yaml",
      "/etc/garm/provider-gone-1.toml",
      "/etc/garm/clouds-gone-1.yaml",
      "/etc/garm/notes.yaml",
      "/etc/garm/provider-hand-made.toml",
      "/tmp/provider-gone-1.toml",
    ];
    expect(staleProviderFiles(existing, ["a-0"])).toEqual([
      "/etc/garm/clouds-gone-1.yaml",
      "/etc/garm/provider-gone-1.toml",
    ]);
    expect(staleProviderFiles(existing, ["a-0", "gone-1"])).toEqual([]);
  });
});
