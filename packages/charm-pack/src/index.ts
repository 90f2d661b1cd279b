export * from "./charmcraft-project.js";
export * from "./errors.js";
export * from "./linters.js";
export * from "./node-runtime.js";
export * from "./pack.js";
export { BUNDLE_PATH, DISPATCH } from "./payload.js";
export { readServiceBundles, type ServiceBundle } from "./service-bundles.js";
export { pyyamlDump } from "./pyyaml-dump.js";
export { listFiles, writeCharmZip } from "./zip.js";
