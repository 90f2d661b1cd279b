import { PebbleApiError } from "@garm-charms/charm-runtime/pebble";
import { describe, it, expect } from "vitest";
import {
  listProviderNamesOnDisk,
  providerNamesOnDisk,
  readRetainedProviders,
  type ProviderFilesReader,
} from "./retained-providers.js";

function reader(files: Readonly<Record<string, string>>): ProviderFilesReader & { pulled: string[] } {
  const pulled: string[] = [];
  return {
    pulled,
    listFiles: (dir) =>
      Promise.resolve(Object.keys(files).map((path) => ({ path: `${dir}${path.slice(9)}` }))),
    pull: (path) => {
      pulled.push(path);
      const content = files[path];
      return content === undefined ? Promise.reject(new Error(`no ${path}`)) : Promise.resolve(content);
    },
  };
}

describe("providerNamesOnDisk", () => {
  it("lists providers with both files, sorted, and nothing else", () => {
    expect(
      providerNamesOnDisk([
        "/etc/garm/config.toml",
        "/etc/garm/provider-runners-b-1.toml",
        "/etc/garm/clouds-runners-b-1.yaml",
        "/etc/garm/clouds-garm-configurator-0.yaml",
        "/etc/garm/provider-garm-configurator-0.toml",
        "/etc/garm/provider-half-2.toml",
        "/etc/garm/clouds-other-3.yaml",
        "/etc/garm/provider-Bad-4.toml",
        "/etc/garm/clouds-Bad-4.yaml",
      ]),
    ).toEqual(["garm-configurator-0", "runners-b-1"]);
  });
});

describe("listProviderNamesOnDisk", () => {
  it("reads the config directory", async () => {
    const files = reader({
      "/etc/garm/provider-app-0.toml": "t",
      "/etc/garm/clouds-app-0.yaml": "y",
    });
    expect(await listProviderNamesOnDisk(files)).toEqual(["app-0"]);
  });

  it("finds none before the directory exists", async () => {
    const missing: ProviderFilesReader = {
      listFiles: () => Promise.reject(new PebbleApiError("list /etc/garm", 404, "not-found", "no such file")),
      pull: () => Promise.reject(new Error("unused")),
    };
    expect(await listProviderNamesOnDisk(missing)).toEqual([]);
  });

  it("lets any other Pebble failure through", async () => {
    const denied: ProviderFilesReader = {
      listFiles: () => Promise.reject(new PebbleApiError("list /etc/garm", 403, "permission-denied", "no")),
      pull: () => Promise.reject(new Error("unused")),
    };
    await expect(listProviderNamesOnDisk(denied)).rejects.toThrow(/permission-denied/);
  });
});

describe("readRetainedProviders", () => {
  it("reads both files back as they are, provider TOML first", async () => {
    const files = reader({
      "/etc/garm/provider-app-0.toml": 'cloud = "app-0"\n',
      "/etc/garm/clouds-app-0.yaml": "clouds: {}\n",
    });
    expect(await readRetainedProviders(files, ["app-0"])).toEqual([
      {
        name: "app-0",
        files: [
          { path: "/etc/garm/provider-app-0.toml", content: 'cloud = "app-0"\n' },
          { path: "/etc/garm/clouds-app-0.yaml", content: "clouds: {}\n" },
        ],
      },
    ]);
    expect(await readRetainedProviders(files, [])).toEqual([]);
  });
});
