/** What an injected fault does to a matching request. */
export type Fault =
  | { kind: "status"; status: number; body?: unknown }
  /** Never answer, until the client gives up or the fake closes. */
  | { kind: "hang" }
  /** Destroy the socket without answering. */
  | { kind: "reset" };

export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  readonly method?: string;
  /** Exact path (trailing slash ignored) or a pattern tested against the path. */
  readonly path: string | RegExp;
  /** How many matching calls get the fault. */
  readonly times: number;
  readonly fault: Fault;
}

interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
}

const trimSlash = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, "") : path);

export class FaultInjector {
  private readonly active: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    if (!Number.isInteger(spec.times) || spec.times < 1) {
      throw new RangeError(`fault times must be a positive integer, got ${spec.times}`);
    }
    this.active.push({ spec, remaining: spec.times });
  }

  /** The fault for this request, consuming one use of it; undefined when none matches. */
  take(method: string, path: string): Fault | undefined {
    if (this.active.length === 0) return undefined;
    for (let i = 0; i < this.active.length; i++) {
      const entry = this.active[i]!;
      if (!matches(entry.spec, method, path)) continue;
      entry.remaining--;
      if (entry.remaining === 0) this.active.splice(i, 1);
      return entry.spec.fault;
    }
    return undefined;
  }

  clear(): void {
    this.active.length = 0;
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method) return false;
  if (typeof spec.path === "string") return trimSlash(spec.path) === trimSlash(path);
  spec.path.lastIndex = 0;
  return spec.path.test(path);
}
