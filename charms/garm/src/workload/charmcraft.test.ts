import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import * as z from "zod";
import { RECONCILER_CONTAINER } from "../planner/layout.js";
import { GARM_CONTAINER } from "./layout.js";

const charmcraftPath = fileURLToPath(new URL("../../charmcraft.yaml", import.meta.url));

const endpointSchema = z.object({
  interface: z.string(),
  limit: z.number().optional(),
  optional: z.boolean().optional(),
});
const charmcraftSchema = z.object({
  name: z.literal("garm"),
  assumes: z.array(z.string()),
  containers: z.record(z.string(), z.object({ resource: z.string() })),
  resources: z.record(z.string(), z.object({ type: z.string() })),
  requires: z.record(z.string(), endpointSchema),
  provides: z.record(z.string(), endpointSchema),
  actions: z.record(z.string(), z.object({ description: z.string() })),
  parts: z.record(z.string(), z.object({ plugin: z.string() })),
});

describe("charmcraft.yaml", () => {
  const meta = charmcraftSchema.parse(parse(readFileSync(charmcraftPath, "utf8")));

  it("declares the workload container the Pebble code talks to, backed by an OCI image", () => {
    const container = meta.containers[GARM_CONTAINER];
    expect(container).toBeDefined();
    expect(meta.resources[container!.resource]?.type).toBe("oci-image");
    expect(meta.assumes).toContain("k8s-api");
    expect(meta.assumes.some((entry) => /^juju >= 3\.\d+$/.test(entry))).toBe(true);
  });

  it("declares the pressure reconciler's container, backed by a stock Node.js image", () => {
    const container = meta.containers[RECONCILER_CONTAINER];
    expect(container).toBeDefined();
    expect(meta.resources[container!.resource]?.type).toBe("oci-image");
  });

  it("declares the relations with the reference's interfaces and limits", () => {
    expect(meta.requires).toEqual({
      postgresql: { interface: "postgresql_client", limit: 1, optional: false },
      "garm-configurator": { interface: "garm_configurator_v0" },
      ingress: { interface: "ingress", limit: 1 },
      "debug-ssh": { interface: "debug-ssh", limit: 1 },
      // Issue 16: the go-framework extension's logging endpoint (no limit).
      logging: { interface: "loki_push_api" },
    });
    expect(meta.provides).toEqual({
      "metrics-endpoint": { interface: "prometheus_scrape" },
      "grafana-dashboard": { interface: "grafana_dashboard" },
    });
    expect(Object.keys(meta.actions)).toEqual(["get-credentials", "plan"]);
  });
});
