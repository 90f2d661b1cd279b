/** Jubilant's `wait`: poll the status until `ready` holds `successes` times in a row. */
import { WaitError } from "./errors.js";
import { isStatusError, type Status } from "./status.js";

export interface WaitOptions {
  /** Fail at once when this holds (e.g. `anyError`). */
  readonly error?: (status: Status) => boolean;
  /** Milliseconds; the client's `waitTimeout` by default. */
  readonly timeout?: number;
  /** Consecutive polls `ready` must hold for (default 3), so a passing moment is not taken for settled. */
  readonly successes?: number;
  /** Milliseconds between polls (default 1000). */
  readonly delay?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One line: each application's status and message, for an error an operator reads. */
export function statusSummary(status: Status | undefined): string {
  if (status === undefined) return "no status read";
  const apps = Object.entries(status.applications).map(([name, app]) => {
    if (isStatusError(app)) return `${name}: status-error (${app["status-error"]})`;
    const s = app["application-status"];
    return `${name}: ${s.current}${s.message === undefined || s.message === "" ? "" : ` (${s.message})`}`;
  });
  return apps.length === 0 ? "no applications" : apps.join("; ");
}

export async function waitFor(
  read: () => Promise<Status>,
  ready: (status: Status) => boolean,
  options: WaitOptions & { timeout: number },
): Promise<Status> {
  const { error, timeout, successes = 3, delay = 1000 } = options;
  const deadline = Date.now() + timeout;
  let inARow = 0;
  for (;;) {
    const status = await read();
    if (error?.(status) === true)
      throw new WaitError(`wait: error condition met: ${statusSummary(status)}`, status);
    inARow = ready(status) ? inARow + 1 : 0;
    if (inARow >= successes) return status;
    if (Date.now() + delay > deadline)
      throw new WaitError(
        `wait: not ready after ${String(timeout / 1000)} s: ${statusSummary(status)}`,
        status,
      );
    await sleep(delay);
  }
}
