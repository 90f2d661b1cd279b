export * from "./validators.js";
export * from "./garm-configurator-v0.js";
export * from "./runner-image-v0.js";
export * from "./postgresql-client.js";
export * from "./ingress.js";
export * from "./prometheus-scrape.js";
export * from "./debug-ssh.js";
export * from "./limits.js";
