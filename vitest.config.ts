import { configDefaults, defineConfig } from "vitest/config";

// Three projects: `unit` (beside the code, fast, no sockets beyond loopback fakes), `integration`
// (end-to-end under tests/, both charms together, real-GARM contract runs) and `deploy` (the packed
// charms in a Juju model, local or real: the deploy suite, tests/deploy, and the two end-to-end
// files that run a whole local model, the demo and the planner). The charms fix GARM's port
// (8080), the planner's and the reconciler's, so `deploy` runs one file at a time, and
// scripts/run-tests.ts runs it after the other two, never beside them.
const LOCAL_MODEL_FILES = [
  "tests/deploy/**/*.test.ts",
  "tests/e2e/demo.test.ts",
  "tests/e2e/planner-local-model.test.ts",
];

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
          exclude: [...configDefaults.exclude, ...LOCAL_MODEL_FILES],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "deploy",
          include: LOCAL_MODEL_FILES,
          // One file at a time: the files share the machine and the charms' fixed ports.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
