/**
 * Whether the `garm` executable serves the fake-only control routes (routes/fake-control.ts):
 * only when `GARM_FAKE_CONTROL=1`, so the executable behaves as GARM unless a test image asks.
 */
export const FAKE_CONTROL_ENV = "GARM_FAKE_CONTROL";

export function fakeControlEnabled(env: NodeJS.ProcessEnv): boolean {
  return env[FAKE_CONTROL_ENV] === "1";
}
