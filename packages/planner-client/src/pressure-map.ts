/**
 * Reads a pressure map (`{"small":2,"large":0}`), the body of the non-streaming pressure call and
 * of every stream line. Validation is written out rather than done with zod: it runs per stream
 * line, which with a thousand flavors is a thousand values, and a zod record costs about twice
 * JSON.parse here. The rule is zod's `z.int().nonnegative()` on each value of a plain object.
 */

export type PressureMapResult =
  | { readonly ok: true; readonly pressures: ReadonlyMap<string, number> }
  | { readonly ok: false; readonly problem: string };

/** A pressure is a desired total runner count: a non-negative safe integer. */
export function isPressure(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

export function readPressureMap(value: unknown): PressureMapResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: `expected a JSON object of flavor to pressure, got ${describe(value)}` };
  }
  const pressures = new Map<string, number>();
  const record = value as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const pressure = record[name];
    if (!isPressure(pressure)) {
      return {
        ok: false,
        problem: `flavor ${JSON.stringify(name)} has pressure ${describe(pressure)}, not a non-negative integer`,
      };
    }
    pressures.set(name, pressure);
  }
  return { ok: true, pressures };
}

/** A value as a problem names it: short, so a bad line never floods a log. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
