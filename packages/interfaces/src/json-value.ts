import type * as z from "zod";

/**
 * A databag value that holds a JSON document, parsed and checked against `schema`; undefined when
 * the key is absent or empty, or its value is not JSON or not of that shape. For keys whose
 * problems are only ever logged or skipped, never reported key by key.
 */
export function readJsonValue<T>(raw: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  let document: unknown;
  try {
    document = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(document);
  return parsed.success ? parsed.data : undefined;
}
