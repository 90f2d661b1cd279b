/** Turns zod issues into name/problem pairs that never include the offending values. */
import type * as z from "zod";

import type { ConfigProblem } from "../errors.js";

export function describeIssues(issues: readonly z.core.$ZodIssue[], whole: string): ConfigProblem[] {
  return issues.map((issue) => ({
    option: issue.path.length === 0 ? whole : issue.path.map(String).join("."),
    problem: issue.message,
  }));
}
