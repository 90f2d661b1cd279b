import { describe, expect, it } from "vitest";

import { CharmRuntimeError, HookToolUsageError, UnexpectedToolOutputError } from "../errors.js";
import { recordingSession } from "../test-support/recording-runner.js";
import { closePort, openPort, openedPorts, parsePort } from "./ports.js";

describe("open-port and close-port", () => {
  it("send `<port>/<proto>`, `icmp`, ranges and --endpoints, never --format", async () => {
    const { runner, session } = recordingSession();
    await openPort(session, { protocol: "tcp", port: 9997 });
    await openPort(session, { protocol: "icmp" });
    await openPort(session, { protocol: "udp", port: 8000, toPort: 8999 }, ["metrics", "api"]);
    await closePort(session, { protocol: "tcp", port: 9997 });
    expect(runner.argv()).toEqual([
      ["open-port", "9997/tcp"],
      ["open-port", "icmp"],
      ["open-port", "--endpoints", "metrics,api", "8000-8999/udp"],
      ["close-port", "9997/tcp"],
    ]);
  });

  it("refuses a tcp/udp port without a number before any tool runs, as the caller's mistake", async () => {
    const { runner, session } = recordingSession();
    const closing = closePort(session, { protocol: "udp" });
    await expect(closing).rejects.toBeInstanceOf(CharmRuntimeError);
    await expect(closing).rejects.not.toBeInstanceOf(UnexpectedToolOutputError);
    await expect(closing).rejects.toThrow("a udp port needs a port number (only icmp has none)");
    expect(runner.calls).toEqual([]);
  });

  it("maps a usage error", async () => {
    const { runner, session } = recordingSession();
    runner.fail("open-port", 'invalid port "70000"', 2);
    await expect(openPort(session, { protocol: "tcp", port: 70000 })).rejects.toBeInstanceOf(
      HookToolUsageError,
    );
  });
});

describe("opened-ports", () => {
  it("runs `opened-ports --format=json` and parses every form", async () => {
    const { runner, session } = recordingSession();
    runner.json("opened-ports", ["80/tcp", "icmp", "8000-8999/udp", "443"]);
    expect(await openedPorts(session)).toEqual([
      { protocol: "tcp", port: 80 },
      { protocol: "icmp" },
      { protocol: "udp", port: 8000, toPort: 8999 },
      { protocol: "tcp", port: 443 },
    ]);
    expect(runner.argv()).toEqual([["opened-ports", "--format=json"]]);
  });

  it("is re-read after open-port", async () => {
    const { runner, session } = recordingSession();
    runner.json("opened-ports", []);
    await openedPorts(session);
    await openPort(session, { protocol: "tcp", port: 1 });
    await openedPorts(session);
    expect(runner.callsTo("opened-ports")).toHaveLength(2);
  });

  it("rejects unknown port text", () => {
    expect(() => parsePort("80/sctp")).toThrow(UnexpectedToolOutputError);
  });
});
