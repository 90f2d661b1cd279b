/**
 * `juju run --format json` and `juju exec --format json`: `{<unit>: {id, status, results, ...}}`.
 * `results` holds the action's own keys, plus `return-code`, `stdout` and `stderr` for exec.
 */
import * as z from "zod";

const taskSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    status: z.string(),
    message: z.string().optional(),
    results: z.record(z.string(), z.unknown()).default({}),
    log: z.array(z.unknown()).optional(),
    unit: z.string().optional(),
  })
  .loose();

export const taskOutputSchema = z.record(z.string(), taskSchema);

export interface Task {
  readonly id: string;
  readonly status: string;
  readonly message: string;
  /** The action's results without Juju's own `return-code`, `stdout`, `stderr` keys. */
  readonly results: Readonly<Record<string, unknown>>;
  readonly returnCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly success: boolean;
}

/** The task of `unit` in the parsed output (Juju prints one entry per unit it ran on). */
export function taskOf(output: z.infer<typeof taskOutputSchema>, unit: string): Task | undefined {
  const raw = output[unit] ?? Object.values(output)[0];
  if (raw === undefined) return undefined;
  const { "return-code": code, stdout, stderr, ...rest } = raw.results;
  const parsed = Number(code ?? 0);
  const returnCode = Number.isInteger(parsed) ? parsed : 1;
  return {
    id: raw.id,
    status: raw.status,
    message: raw.message ?? "",
    results: rest,
    returnCode,
    stdout: typeof stdout === "string" ? stdout : "",
    stderr: typeof stderr === "string" ? stderr : "",
    success: raw.status === "completed" && returnCode === 0,
  };
}
