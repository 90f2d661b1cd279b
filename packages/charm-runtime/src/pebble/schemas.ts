/**
 * zod schemas for Pebble's wire format (`internals/daemon/response.go` and the v1 handlers), and
 * the camelCase types the client hands to charms. Unknown keys are tolerated: newer Pebble
 * versions add fields.
 */
import * as z from "zod";

export const syncEnvelopeSchema = z.object({
  type: z.literal("sync"),
  "status-code": z.number().int(),
  status: z.string().optional(),
  result: z.unknown().optional(),
});

export const asyncEnvelopeSchema = z.object({
  type: z.literal("async"),
  "status-code": z.number().int(),
  status: z.string().optional(),
  change: z.string().min(1),
  result: z.unknown().optional(),
});

export const errorEnvelopeSchema = z.object({
  type: z.literal("error"),
  "status-code": z.number().int(),
  status: z.string().optional(),
  result: z
    .object({
      message: z.string().default(""),
      kind: z.string().optional(),
      value: z.unknown().optional(),
    })
    .optional(),
});

export const envelopeSchema = z.discriminatedUnion("type", [
  syncEnvelopeSchema,
  asyncEnvelopeSchema,
  errorEnvelopeSchema,
]);
export type Envelope = z.infer<typeof envelopeSchema>;

export const systemInfoSchema = z
  .object({
    version: z.string(),
    "boot-id": z.string().optional(),
    "http-address": z.string().optional(),
    "https-address": z.string().optional(),
  })
  .transform((info) => ({
    version: info.version,
    bootId: info["boot-id"],
    httpAddress: info["http-address"],
    httpsAddress: info["https-address"],
  }));
export type SystemInfo = z.infer<typeof systemInfoSchema>;

const taskSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    summary: z.string(),
    status: z.string(),
    log: z.array(z.string()).optional(),
    progress: z.object({ label: z.string(), done: z.number(), total: z.number() }).optional(),
    "spawn-time": z.string(),
    "ready-time": z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((task) => ({
    id: task.id,
    kind: task.kind,
    summary: task.summary,
    status: task.status,
    log: task.log ?? [],
    progress: task.progress,
    spawnTime: task["spawn-time"],
    readyTime: task["ready-time"],
    data: task.data ?? {},
  }));
export type ChangeTask = z.infer<typeof taskSchema>;

export const changeSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    summary: z.string(),
    status: z.string(),
    ready: z.boolean(),
    err: z.string().optional(),
    "spawn-time": z.string(),
    "ready-time": z.string().optional(),
    tasks: z.array(taskSchema).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((change) => ({
    id: change.id,
    kind: change.kind,
    summary: change.summary,
    status: change.status,
    ready: change.ready,
    err: change.err,
    spawnTime: change["spawn-time"],
    readyTime: change["ready-time"],
    tasks: change.tasks ?? [],
    data: change.data ?? {},
  }));
export type Change = z.infer<typeof changeSchema>;

export const serviceInfoSchema = z
  .object({
    name: z.string(),
    startup: z.enum(["enabled", "disabled"]).or(z.string()),
    current: z.enum(["active", "inactive", "error", "backoff"]).or(z.string()),
    "current-since": z.string().optional(),
  })
  .transform((service) => ({
    name: service.name,
    startup: service.startup,
    current: service.current,
    currentSince: service["current-since"],
  }));
export type ServiceInfo = z.infer<typeof serviceInfoSchema>;

/** Pebble prints permissions as octal digits ("644"); the client hands out the number (0o644). */
const octalPermissions = z
  .string()
  .regex(/^[0-7]{3,4}$/, "permissions must be octal digits")
  .transform((digits) => Number.parseInt(digits, 8));

export const fileInfoSchema = z
  .object({
    path: z.string(),
    name: z.string(),
    type: z.string(),
    size: z.number().optional(),
    permissions: octalPermissions,
    "last-modified": z.string(),
    "user-id": z.number().int().nullable().optional(),
    user: z.string().optional(),
    "group-id": z.number().int().nullable().optional(),
    group: z.string().optional(),
  })
  .transform((info) => ({
    path: info.path,
    name: info.name,
    type: info.type,
    size: info.size,
    permissions: info.permissions,
    lastModified: info["last-modified"],
    userId: info["user-id"] ?? undefined,
    user: info.user,
    groupId: info["group-id"] ?? undefined,
    group: info.group,
  }));
export type FileInfo = z.infer<typeof fileInfoSchema>;

/** One entry of a files-API result list: the path, and an error when that path failed. */
export const pathResultSchema = z.object({
  path: z.string(),
  error: z.object({ message: z.string().default(""), kind: z.string().optional() }).optional(),
});
export type PathResult = z.infer<typeof pathResultSchema>;

export const checkInfoSchema = z
  .object({
    name: z.string(),
    level: z.string().optional(),
    startup: z.string().optional(),
    status: z.string(),
    successes: z.number().int().optional(),
    failures: z.number().int().optional(),
    threshold: z.number().int(),
    "change-id": z.string().optional(),
    "prev-change-id": z.string().optional(),
  })
  .transform((check) => ({
    name: check.name,
    level: check.level,
    startup: check.startup ?? "enabled",
    status: check.status,
    successes: check.successes ?? 0,
    failures: check.failures ?? 0,
    threshold: check.threshold,
    changeId: check["change-id"],
    prevChangeId: check["prev-change-id"],
  }));
export type CheckInfo = z.infer<typeof checkInfoSchema>;

export const noticeSchema = z
  .object({
    id: z.string(),
    "user-id": z.number().int().nullable().optional(),
    type: z.string(),
    key: z.string(),
    "first-occurred": z.string(),
    "last-occurred": z.string(),
    "last-repeated": z.string(),
    occurrences: z.number().int(),
    "last-data": z.record(z.string(), z.string()).optional(),
    "repeat-after": z.string().optional(),
    "expire-after": z.string().optional(),
  })
  .transform((notice) => ({
    id: notice.id,
    userId: notice["user-id"] ?? undefined,
    type: notice.type,
    key: notice.key,
    firstOccurred: notice["first-occurred"],
    lastOccurred: notice["last-occurred"],
    lastRepeated: notice["last-repeated"],
    occurrences: notice.occurrences,
    lastData: notice["last-data"] ?? {},
    repeatAfter: notice["repeat-after"],
    expireAfter: notice["expire-after"],
  }));
export type Notice = z.infer<typeof noticeSchema>;
