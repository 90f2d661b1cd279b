export * from "./layout.js";
export * from "./scope.js";
export * from "./service-config.js";
export * from "./layer.js";
export * from "./deliver.js";
export * from "./stream-status.js";
export * from "./step.js";
export * from "./status.js";
