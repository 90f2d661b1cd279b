/**
 * `juju status --format=json`, the fields a client reads (juju-contract §4.5), checked with zod.
 * Juju prints `{"status-error": "<reason>"}` in place of an entity it could not read: such an
 * entity is kept as a `StatusError` and every predicate treats it as failed.
 */
import * as z from "zod";

const entityStatusSchema = z
  .object({
    current: z.string(),
    message: z.string().optional(),
    since: z.string().optional(),
    version: z.string().optional(),
  })
  .loose();

const statusErrorSchema = z.object({ "status-error": z.string() }).loose();

const unitSchema = z
  .object({
    "workload-status": entityStatusSchema,
    "juju-status": entityStatusSchema,
    leader: z.boolean().optional(),
    address: z.string().optional(),
    "open-ports": z.array(z.string()).optional(),
  })
  .loose();

const relationEndSchema = z
  .object({ "related-application": z.string(), interface: z.string(), scope: z.string() })
  .loose();

const applicationSchema = z
  .object({
    charm: z.string(),
    "charm-rev": z.number().optional(),
    scale: z.number().optional(),
    life: z.string().optional(),
    "application-status": entityStatusSchema,
    relations: z.record(z.string(), z.array(relationEndSchema)).optional(),
    units: z.record(z.string(), z.union([unitSchema, statusErrorSchema])).optional(),
  })
  .loose();

export const statusSchema = z
  .object({
    model: z.object({ name: z.string() }).loose().optional(),
    applications: z.record(z.string(), z.union([applicationSchema, statusErrorSchema])).default({}),
  })
  .loose();

export type EntityStatus = z.infer<typeof entityStatusSchema>;
export type StatusError = z.infer<typeof statusErrorSchema>;
export type UnitStatus = z.infer<typeof unitSchema>;
export type ApplicationStatus = z.infer<typeof applicationSchema>;
export type Status = z.infer<typeof statusSchema>;

export function isStatusError(entity: object): entity is StatusError {
  return "status-error" in entity;
}

/** The application's units; a unit Juju could not read is a `StatusError`. */
export function unitsOf(app: ApplicationStatus): [string, UnitStatus | StatusError][] {
  return Object.entries(app.units ?? {});
}

/** The named application, or undefined when the model has none of that name. */
export function application(status: Status, name: string): ApplicationStatus | StatusError | undefined {
  return status.applications[name];
}
