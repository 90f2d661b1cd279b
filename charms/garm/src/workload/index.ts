export * from "./layout.js";
export * from "./proxy-environment.js";
export * from "./config-toml.js";
export * from "./provider-files.js";
export * from "./pebble-layer.js";
export * from "./secrets.js";
export * from "./desired-workload.js";
export * from "./apply-workload.js";
