/**
 * The charm's own record of what each configurator unit owns: the names in that unit's last
 * complete, valid description. A unit whose data later goes missing or corrupt keeps protecting
 * what the record says it owns, whatever its databag says now; the entry goes when the unit
 * departs or publishes a complete, valid description (which then replaces it).
 *
 * Kept by the leader in its controller-side state (see objects-step.ts); this module is the pure
 * part: the shape, and its JSON form (sorted, so an unchanged record reads back equal).
 */
import { readJsonValue } from "@garm-charms/interfaces";
import * as z from "zod";

export interface UnitClaims {
  readonly scalesets: readonly string[];
  /** `entityKey(kind, name)`. */
  readonly entities: readonly string[];
  readonly credentials: readonly string[];
}

/** Unit name -> what it owns. */
export type OwnershipRecord = ReadonlyMap<string, UnitClaims>;

const MAX_NAMES = 64;
const name = z.string().min(1).max(512);
const claimsSchema = z.object({
  scalesets: z.array(name).max(MAX_NAMES),
  entities: z.array(name).max(MAX_NAMES),
  credentials: z.array(name).max(MAX_NAMES),
});
const recordSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]*\/[0-9]+$/u), claimsSchema);

/** The stored record, or undefined when nothing (or nothing readable) was stored. */
export function parseOwnershipRecord(raw: string | undefined): OwnershipRecord | undefined {
  const record = readJsonValue(raw, recordSchema);
  return record === undefined ? undefined : new Map(Object.entries(record));
}

const sorted = (names: readonly string[]): string[] => [...new Set(names)].sort();

export function serialiseOwnershipRecord(record: OwnershipRecord): string {
  const units = [...record.keys()].sort();
  return JSON.stringify(
    Object.fromEntries(
      units.map((unit) => {
        const claims = record.get(unit)!;
        return [
          unit,
          {
            scalesets: sorted(claims.scalesets),
            entities: sorted(claims.entities),
            credentials: sorted(claims.credentials),
          },
        ];
      }),
    ),
  );
}
