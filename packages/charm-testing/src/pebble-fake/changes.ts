/**
 * Changes and tasks as Pebble reports them. The fake runs every change to completion before
 * answering, so each change is ready by the time a client waits on it.
 */

export interface TaskOutcome {
  kind: string;
  summary: string;
  /** Set when this task failed: Pebble's reason for the failure. */
  error?: string;
  log?: string[];
}

export interface WireTask {
  id: string;
  kind: string;
  summary: string;
  status: "Done" | "Error";
  log?: string[];
  progress: { label: string; done: number; total: number };
  "spawn-time": string;
  "ready-time": string;
}

export interface WireChange {
  id: string;
  kind: string;
  summary: string;
  status: "Done" | "Error";
  ready: true;
  err?: string;
  "spawn-time": string;
  "ready-time": string;
  tasks: WireTask[];
}

export class ChangeLog {
  readonly #changes = new Map<string, WireChange>();
  #nextChangeId = 1;
  #nextTaskId = 1;

  /** Records a finished change; its `err` lists failed tasks in Pebble's wording. */
  record(kind: string, summary: string, outcomes: readonly TaskOutcome[]): WireChange {
    const now = new Date().toISOString();
    const tasks: WireTask[] = outcomes.map((outcome) => ({
      id: String(this.#nextTaskId++),
      kind: outcome.kind,
      summary: outcome.summary,
      status: outcome.error === undefined ? "Done" : "Error",
      ...(outcome.log && outcome.log.length > 0 ? { log: outcome.log } : {}),
      progress: { label: "", done: 1, total: 1 },
      "spawn-time": now,
      "ready-time": now,
    }));
    const failed = outcomes.filter((outcome) => outcome.error !== undefined);
    const change: WireChange = {
      id: String(this.#nextChangeId++),
      kind,
      summary,
      status: failed.length > 0 ? "Error" : "Done",
      ready: true,
      ...(failed.length > 0
        ? {
            err: `cannot perform the following tasks:\n${failed.map((f) => `- ${f.summary} (${f.error ?? ""})`).join("\n")}`,
          }
        : {}),
      "spawn-time": now,
      "ready-time": now,
      tasks,
    };
    this.#changes.set(change.id, change);
    return change;
  }

  get(id: string): WireChange | undefined {
    return this.#changes.get(id);
  }

  all(): WireChange[] {
    return [...this.#changes.values()];
  }
}
