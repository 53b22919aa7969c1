import { and, eq, gt, gte, inArray, like, lte, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { activeStatuses, liveStatuses, type ActiveStatus } from "./lifecycle/statuses";
import { auditLog } from "../db/schema/audit-log";
import { tasks } from "../db/schema/tasks";
import { parseTaskIdQuery, taskIdPattern } from "./task-id-query";
import { uuidV7Bound } from "./uuid-time";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

/** A host as URL.host gives it: lower case, with the port when one is named. */
export const hostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(300)
  .regex(/^[a-z0-9._\-[\]:]+$/, "a host name, optionally with :port");

/** The console's task filter, as kept in the page URL (so a filtered view can be shared) and in bulk jobs. */
export const taskFilterSchema = z.object({
  // `running` is live-only (lib/tasks/in-flight.ts): resolveTaskFilter turns it into the ids in flight.
  status: opt(z.enum(liveStatuses)),
  sourceApp: opt(z.string().trim().max(128)),
  targetApp: opt(z.string().trim().max(128)),
  url: opt(z.string().trim().max(2048)),
  // The target's host exactly (the overview's failing hosts link here), where `url` is "contains".
  host: opt(hostSchema),
  // A full id, a prefix, the console's short form or its tail (lib/tasks/task-id-query.ts).
  id: opt(z.string().trim().max(80).refine((v) => parseTaskIdQuery(v) !== null, "a task id, its start, or the short form shown (01a23354…915c)")),
  from: opt(z.iso.datetime({ offset: true })),
  to: opt(z.iso.datetime({ offset: true })),
  // When the task ended (the overview's "Succeeded today" links here).
  finishedFrom: opt(z.iso.datetime({ offset: true })),
  finishedTo: opt(z.iso.datetime({ offset: true })),
  failed: opt(z.enum(["1"])),
  // The tasks one bulk action touched, from its audit entries (lib/tasks/resolve-filter.ts).
  bulkJob: opt(z.string().trim().toLowerCase().regex(/^[0-9a-f-]{36}$/, "a bulk job id")),
});
export type TaskFilter = z.infer<typeof taskFilterSchema>;
export const taskFilterKeys = Object.keys(taskFilterSchema.shape) as (keyof TaskFilter)[];

/**
 * What a filter needs looked up before it can be SQL: which tasks are running now (Redis), and where a bulk
 * job's entries lie in the audit log. Set by resolveTaskFilter; never read from the page URL.
 */
export interface ResolvedParts {
  /** Ids with an attempt in flight, per stored status (for `running`, and to take them out of queued/retrying). */
  running?: Record<ActiveStatus, string[]>;
  /** The audit ids between which the bulk job wrote its per-task entries; null when the job is unknown. */
  bulkAudit?: { afterId: number; beforeId: number | null } | null;
}

/**
 * A filter as a search applies it. `urlScope: "path"` makes "URL contains" look only before the `?`: viewers see
 * secret query values masked (lib/notify/mask.ts), and counting matches of a guessed token would reveal it anyway.
 * Never read from the page URL; the page sets it by role.
 */
export type ScopedTaskFilter = TaskFilter & { urlScope?: "path"; resolved?: ResolvedParts };

/** Reads a filter from URL parameters; an invalid value is dropped (and reported) rather than failing the page. */
export function parseTaskFilter(params: Record<string, string | string[] | undefined>): { filter: TaskFilter; invalid: string[] } {
  const filter: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const key of taskFilterKeys) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    const parsed = taskFilterSchema.shape[key].safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) filter[key] = parsed.data;
    } else invalid.push(key);
  }
  return { filter: filter as TaskFilter, invalid };
}

export function isFilterEmpty(filter: TaskFilter): boolean {
  return taskFilterKeys.every((k) => filter[k] === undefined);
}

/** True when the filter names one task by its full id: a point read, no scan budget needed. */
export function namesOneTask(filter: TaskFilter): boolean {
  return filter.id !== undefined && parseTaskIdQuery(filter.id)?.kind === "exact";
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The host part of tasks.url, as URL.host gives it for the URLs Bida accepts: after the scheme, before the path,
 * query or fragment, without user:password, lower case. (A default port written out, `:443`, stays.)
 */
export const urlHostSql = (column: SQL | typeof tasks.url = tasks.url) =>
  sql`LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(${column}, '://', -1), '/', 1), '?', 1), '#', 1), '@', -1))`;

const none = sql`1 = 0`;

function statusConditions(filter: ScopedTaskFilter): SQL[] {
  const status = filter.status;
  if (!status) return [];
  const running = filter.resolved?.running;
  if (status === "running") {
    // Unresolved (no Redis look-up made), "running" can only narrow to the statuses a running task is stored as.
    if (!running) return [inArray(tasks.status, [...activeStatuses])];
    const ids = [...running.queued, ...running.retrying];
    return ids.length ? [inArray(tasks.id, ids)] : [none];
  }
  const conds: SQL[] = [eq(tasks.status, status)];
  // Queued and retrying as the board shows them: without the ones running now, so the counts match the links.
  if ((status === "queued" || status === "retrying") && running && running[status].length) conds.push(notInArray(tasks.id, running[status]));
  return conds;
}

/**
 * The filter as SQL, split by cost: `indexed` conditions narrow through an index (status, apps, id range, finish
 * time, a bulk job's audit range); `scanned` ones (URL contains, host, an id's tail, has failed attempts) can only
 * be checked row by row, so a search using them reads a bounded number of rows per page.
 */
export function taskFilterConditions(filter: ScopedTaskFilter): { indexed: SQL[]; scanned: SQL[] } {
  const indexed: SQL[] = [];
  const scanned: SQL[] = [];
  if (filter.id) {
    const q = parseTaskIdQuery(filter.id);
    // A task imported from kkbida keeps kkbida's id as external_id: a whole id finds either (primary key or
    // tasks_external_idx, merged by MariaDB); what is no id form of Bida's may still be kkbida's.
    const external = eq(tasks.externalId, filter.id.trim());
    if (!q) indexed.push(external);
    else if (q.kind === "exact") indexed.push(or(eq(tasks.id, q.id), external)!);
    // A known start is a primary-key range; only a bare tail has to be checked row by row.
    else (q.prefix ? indexed : scanned).push(like(tasks.id, taskIdPattern(q)));
  }
  indexed.push(...statusConditions(filter));
  if (filter.sourceApp) indexed.push(eq(tasks.sourceApp, filter.sourceApp));
  if (filter.targetApp) indexed.push(eq(tasks.targetApp, filter.targetApp));
  // UUIDv7 ids start with their creation time, so a created range is a primary-key range.
  if (filter.from) indexed.push(gte(tasks.id, uuidV7Bound(new Date(filter.from), "lower")));
  if (filter.to) indexed.push(lte(tasks.id, uuidV7Bound(new Date(filter.to), "upper")));
  if (filter.finishedFrom) indexed.push(gte(tasks.finishedAt, new Date(filter.finishedFrom)));
  if (filter.finishedTo) indexed.push(lte(tasks.finishedAt, new Date(filter.finishedTo)));
  if (filter.bulkJob) {
    const range = filter.resolved?.bulkAudit;
    if (!range) indexed.push(none);
    else {
      // The job's per-task entries lie between its start and end entries: a primary-key range of the audit log.
      const conds = [gt(auditLog.id, range.afterId), eq(auditLog.objectType, "task"), sql`JSON_VALUE(${auditLog.details}, '$.bulkJob') = ${filter.bulkJob}`];
      if (range.beforeId !== null) conds.push(sql`${auditLog.id} < ${range.beforeId}`);
      indexed.push(sql`${tasks.id} IN (SELECT ${auditLog.objectId} FROM ${auditLog} WHERE ${and(...conds)})`);
    }
  }
  if (filter.url) {
    const pattern = `%${escapeLike(filter.url)}%`;
    scanned.push(filter.urlScope === "path" ? sql`SUBSTRING_INDEX(${tasks.url}, '?', 1) LIKE ${pattern}` : like(tasks.url, pattern));
  }
  if (filter.host) scanned.push(sql`${urlHostSql()} = ${filter.host}`);
  if (filter.failed) {
    // A task stops at its first success, so it has a failed attempt exactly when it made more than one attempt,
    // or made one that did not end in success. Exact, and needs no join with attempts.
    scanned.push(and(gt(tasks.attempts, 0), or(gt(tasks.attempts, 1), ne(tasks.status, "succeeded")))!);
  }
  return { indexed, scanned };
}

export const allConditions = (filter: ScopedTaskFilter): SQL | undefined => {
  const { indexed, scanned } = taskFilterConditions(filter);
  const all = [...indexed, ...scanned];
  return all.length ? and(...all) : undefined;
};
