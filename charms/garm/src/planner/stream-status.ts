/**
 * Whether the running service has the planner stream open, from its own `stream_connected`
 * gauge (Prometheus text on its metrics endpoint, in the pod's shared network namespace). A
 * service that does not answer quickly (starting, crashed) reads as `unknown`.
 */
export type StreamState = "connected" | "disconnected" | "unknown";

const READ_TIMEOUT_MS = 1_000;
const MAX_METRICS_BYTES = 1024 * 1024;

/** The gauge's value in Prometheus text format 0.0.4; undefined when absent or not a number. */
export function streamConnectedGauge(text: string): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^stream_connected(?:\{\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== undefined) {
      const value = Number(match[1]);
      return Number.isFinite(value) ? value : undefined;
    }
  }
  return undefined;
}

export async function readStreamState(metricsUrl: string): Promise<StreamState> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    if (!response.ok) return "unknown";
    const text = await response.text();
    if (text.length > MAX_METRICS_BYTES) return "unknown";
    const value = streamConnectedGauge(text);
    if (value === undefined) return "unknown";
    return value === 1 ? "connected" : "disconnected";
  } catch {
    return "unknown";
  }
}
