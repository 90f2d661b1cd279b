import { configDefaults, defineConfig } from "vitest/config";

// Three projects: `unit` (beside the code, fast, no sockets beyond loopback fakes), `integration`
// (end-to-end under tests/, both charms together, real-GARM contract runs) and `deploy` (the deploy
// suite, tests/deploy: the packed charms in a Juju model, local or real; see the README).
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
          exclude: [...configDefaults.exclude, "tests/deploy/**"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "deploy",
          include: ["tests/deploy/**/*.test.ts"],
          // One file at a time: the files share the machine and GARM's fixed port 8080.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
