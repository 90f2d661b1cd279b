import { defineConfig } from "vitest/config";

// Two projects: `unit` (beside the code, fast, no sockets beyond loopback fakes)
// and `integration` (end-to-end under tests/, both charms together, real-GARM contract runs).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "packages/*/src/**/*.test.ts",
            "packages/juju-local/stand-ins/*/src/**/*.test.ts",
            "charms/*/src/**/*.test.ts",
            "charms/*/tests/**/*.test.ts",
          ],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
