import { describe, expect, it } from "vitest";
import { streamConnectedGauge } from "./stream-status.js";

describe("streamConnectedGauge", () => {
  it("reads the service's gauge, not a metric that only starts with its name", () => {
    const text = [
      "# HELP stream_connected 1 while the planner stream is open",
      "# TYPE stream_connected gauge",
      "stream_connected_since 5",
      "stream_connected 1",
      "stream_reconnects_total 3",
    ].join("\n");
    expect(streamConnectedGauge(text)).toBe(1);
    expect(streamConnectedGauge("stream_connected 0\n")).toBe(0);
  });

  it("is undefined when the gauge is missing or not a number", () => {
    expect(streamConnectedGauge("stream_reconnects_total 3\n")).toBeUndefined();
    expect(streamConnectedGauge("stream_connected NaN\n")).toBeUndefined();
  });
});
