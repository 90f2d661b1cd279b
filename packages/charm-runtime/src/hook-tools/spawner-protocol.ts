/**
 * The client side of `bin/hook-tool-spawner`'s protocol (see `spawner/hook-tool-spawner.c`): the
 * HookToolRunner over a running spawner's pipes, however it was started (`spawner-runner.ts`: by
 * Node; `launched-spawner.ts`: by the spawner's launcher, before Node). Same contract as
 * `spawn-runner.ts`: no shell, the hook's environment, stdin when given, the tool's exit code and
 * output.
 *
 * If the spawner cannot start, or stops before saying it is ready, nothing it was asked to run was
 * started, so those calls and all later ones go to the fallback runner. If it stops after that,
 * calls in flight may or may not have run: they fail (a hook must not repeat a write it cannot see).
 */
import { constants } from "node:os";
import type { Readable, Writable } from "node:stream";

import { HookToolArgumentTooLongError, HookToolSpawnError } from "../errors.js";
import { assertArgumentsFit } from "./argv-limit.js";
import type { HookToolInvocation, HookToolResult, HookToolRunner } from "./runner.js";

/** Where a packed charm ships the spawner, relative to the charm dir. */
export const SPAWNER_PATH = "bin/hook-tool-spawner";

const EXITED = 0;
const KILLED = 1;
const NOT_STARTED = 2;

interface Pending {
  readonly invocation: HookToolInvocation;
  readonly resolve: (result: HookToolResult) => void;
  readonly reject: (error: Error) => void;
}

/** A running spawner, however it was started. */
export interface SpawnerConnection {
  readonly requests: Writable;
  readonly responses: Readable;
  kill(): void;
  /** Calls `gone` once the spawner has exited or its pipes broke. */
  onGone(gone: () => void): void;
}

/** The runner over the spawner `connect` gives, connected at the first call. */
export function lazySpawnerRunner(
  connect: () => SpawnerConnection | undefined,
  fallback: HookToolRunner,
): HookToolRunner {
  let spawner: Spawner | undefined;
  return {
    run(invocation: HookToolInvocation): Promise<HookToolResult> {
      // A spawner that stopped sends this call, and every later one, to the fallback.
      spawner ??= new Spawner(connect(), fallback);
      return spawner.run(invocation);
    },
  };
}

class Spawner {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ready = false;
  private stopped = false;
  private input: Buffer = Buffer.alloc(0);

  constructor(
    private readonly connection: SpawnerConnection | undefined,
    private readonly fallback: HookToolRunner,
  ) {
    if (connection === undefined) {
      this.stop();
      return;
    }
    connection.requests.on("error", () => undefined);
    unrefStream(connection.requests);
    unrefStream(connection.responses);
    connection.responses.on("data", (chunk: Buffer) => this.receive(chunk));
    connection.onGone(() => this.stop());
  }

  run(invocation: HookToolInvocation): Promise<HookToolResult> {
    const connection = this.connection;
    if (connection === undefined || this.stopped) return this.fallback.run(invocation);
    return new Promise((resolve, reject) => {
      assertArgumentsFit(invocation.tool, invocation.args);
      // Node refuses a NUL in an argument; C would cut the argument there instead.
      if ([invocation.tool, ...invocation.args].some((arg) => arg.includes("\0"))) {
        throw new HookToolSpawnError(invocation.tool, "ERR_INVALID_ARG_VALUE");
      }
      const id = this.nextId++;
      if (this.pending.size === 0) refStream(connection.responses);
      this.pending.set(id, { invocation, resolve, reject });
      connection.requests.write(encodeRequest(id, invocation));
    });
  }

  private receive(chunk: Buffer): void {
    this.input = this.input.length === 0 ? chunk : Buffer.concat([this.input, chunk]);
    while (this.input.length >= 4) {
      const length = this.input.readUInt32LE(0);
      if (this.input.length < 4 + length) return;
      const frame = this.input.subarray(4, 4 + length);
      this.input = this.input.subarray(4 + length);
      if (length === 0) this.ready = true;
      else this.answer(frame);
    }
  }

  private answer(frame: Buffer): void {
    const parsed = parseAnswer(frame);
    if (parsed === undefined) {
      // Not the spawner's protocol: nothing it says can be trusted any more.
      this.connection?.kill();
      this.stop();
      return;
    }
    const { id, kind, value, stdout, stderr } = parsed;
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    if (this.pending.size === 0 && this.connection !== undefined) unrefStream(this.connection.responses);
    const tool = pending.invocation.tool;
    if (kind === EXITED) pending.resolve({ exitCode: value, stdout, stderr });
    else if (kind === KILLED)
      pending.resolve({ exitCode: 1, stdout, stderr: `${stderr}terminated by ${signalName(value)}\n` });
    else if (kind === NOT_STARTED && value === constants.errno.E2BIG) {
      pending.reject(
        new HookToolArgumentTooLongError(
          tool,
          "its arguments and environment together are over Linux's limit (E2BIG)",
        ),
      );
    } else pending.reject(new HookToolSpawnError(tool, errnoName(value)));
  }

  /** The spawner is gone: calls it never started go to the fallback, the others fail. */
  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      if (!this.ready) this.fallback.run(pending.invocation).then(pending.resolve, pending.reject);
      else
        pending.reject(
          new HookToolSpawnError(pending.invocation.tool, "the hook-tool spawner stopped during the call"),
        );
    }
  }
}

interface Answer {
  readonly id: number;
  readonly kind: number;
  readonly value: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** id | kind | value | len | stdout | len | stderr, every length inside the frame; else undefined. */
function parseAnswer(frame: Buffer): Answer | undefined {
  if (frame.length < 20) return undefined;
  const outLength = frame.readUInt32LE(12);
  if (20 + outLength > frame.length) return undefined;
  const errLength = frame.readUInt32LE(16 + outLength);
  if (20 + outLength + errLength !== frame.length) return undefined;
  return {
    id: frame.readUInt32LE(0),
    kind: frame.readUInt32LE(4),
    value: frame.readUInt32LE(8),
    stdout: frame.toString("utf8", 16, 16 + outLength),
    stderr: frame.toString("utf8", 20 + outLength, 20 + outLength + errLength),
  };
}

/** One request frame of the spawner's protocol (see hook-tool-spawner.c). */
export function encodeRequest(id: number, invocation: HookToolInvocation): Buffer {
  const argv = [invocation.tool, ...invocation.args].map((arg) => Buffer.from(arg, "utf8"));
  const input = invocation.stdin === undefined ? undefined : Buffer.from(invocation.stdin, "utf8");
  const parts: Buffer[] = [u32(0), u32(id), u32(input === undefined ? 0 : 1), u32(argv.length)];
  for (const arg of argv) parts.push(u32(arg.length), arg);
  if (input !== undefined) parts.push(u32(input.length), input);
  const frame = Buffer.concat(parts);
  frame.writeUInt32LE(frame.length - 4, 0);
  return frame;
}

function u32(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(4);
  buffer.writeUInt32LE(value, 0);
  return buffer;
}

function errnoName(value: number): string {
  const found = Object.entries(constants.errno).find(([, number]) => number === value);
  return found?.[0] ?? `errno ${String(value)}`;
}

function signalName(value: number): string {
  const found = Object.entries(constants.signals).find(([, number]) => number === value);
  return found?.[0] ?? `signal ${String(value)}`;
}

/** Node's pipe streams expose their libuv handle's ref/unref as the socket's. */
function unrefStream(stream: Readable | Writable): void {
  (stream as Partial<{ unref(): void }>).unref?.();
}

function refStream(stream: Readable | Writable): void {
  (stream as Partial<{ ref(): void }>).ref?.();
}
