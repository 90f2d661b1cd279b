import * as z from "zod";
import { decodeBase64 } from "./base64.js";

/**
 * GARM lists answer `[]` or, for credentials and Gitea endpoints, `null` when empty; accept both
 * and always hand callers an array.
 */
export function wireList<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((items): z.output<T>[] => items ?? []);
}

/** The fields the caller gave: a request body leaves out every field whose value is undefined. */
export function definedFields<T>(fields: Readonly<Record<string, T | undefined>>): Record<string, T> {
  const wire: Record<string, T> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) wire[key] = value;
  return wire;
}

/** GARM omits zero numbers (`omitempty`); a missing number means 0. */
export const wireCount = z.number().int().nonnegative().optional().default(0);

/** GARM omits false booleans (`omitempty`); a missing boolean means false. */
export const wireFlag = z.boolean().optional().default(false);

/** GARM omits empty strings on some objects; a missing string means "". */
export const wireText = z.string().optional().default("");

/** A base64 `[]byte` field decoded to text; null or missing means "not sent" (list entries). */
export const wireBase64Text = z
  .string()
  .nullish()
  .transform((value, ctx): string | undefined => {
    if (value === null || value === undefined) return undefined;
    const decoded = decodeBase64(value);
    if (decoded === undefined) {
      ctx.addIssue({ code: "custom", message: "expected padded standard base64" });
      return z.NEVER;
    }
    return decoded;
  });

/** GARM's free-form `extra_specs` JSON; omitted when empty. */
export const wireExtraSpecs = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((specs): Record<string, unknown> => specs ?? {});
