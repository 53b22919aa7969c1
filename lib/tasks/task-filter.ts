import { and, eq, gt, gte, like, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { taskStatuses } from "./lifecycle/statuses";
import { tasks } from "../db/schema/tasks";
import { uuidV7Bound } from "./uuid-time";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());


/** The console's task filter, as kept in the page URL (so a filtered view can be shared) and in bulk jobs. */
export const taskFilterSchema = z.object({
  status: opt(z.enum(taskStatuses)),
  sourceApp: opt(z.string().trim().max(128)),
  targetApp: opt(z.string().trim().max(128)),
  url: opt(z.string().trim().max(2048)),
  id: opt(z.string().trim().toLowerCase().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a task id")),
  from: opt(z.iso.datetime({ offset: true })),
  to: opt(z.iso.datetime({ offset: true })),
  failed: opt(z.enum(["1"])),
});
export type TaskFilter = z.infer<typeof taskFilterSchema>;
export const taskFilterKeys = Object.keys(taskFilterSchema.shape) as (keyof TaskFilter)[];

/**
 * A filter as a search applies it. `urlScope: "path"` makes "URL contains" look only before the `?`: viewers see
 * secret query values masked (lib/notify/mask.ts), and counting matches of a guessed token would reveal it anyway.
 * Never read from the page URL; the page sets it by role.
 */
export type ScopedTaskFilter = TaskFilter & { urlScope?: "path" };

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

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The filter as SQL, split by cost: `indexed` conditions narrow through an index (status, apps, id range);
 * `scanned` ones (URL contains, has failed attempts) can only be checked row by row, so a search using them
 * reads a bounded number of rows per page.
 */
export function taskFilterConditions(filter: ScopedTaskFilter): { indexed: SQL[]; scanned: SQL[] } {
  const indexed: SQL[] = [];
  const scanned: SQL[] = [];
  // A task imported from kkbida keeps kkbida's id (a UUID too) as external_id: either finds it (primary key or
  // tasks_external_idx, merged by MariaDB).
  if (filter.id) indexed.push(or(eq(tasks.id, filter.id), eq(tasks.externalId, filter.id))!);
  if (filter.status) indexed.push(eq(tasks.status, filter.status));
  if (filter.sourceApp) indexed.push(eq(tasks.sourceApp, filter.sourceApp));
  if (filter.targetApp) indexed.push(eq(tasks.targetApp, filter.targetApp));
  // UUIDv7 ids start with their creation time, so a created range is a primary-key range.
  if (filter.from) indexed.push(gte(tasks.id, uuidV7Bound(new Date(filter.from), "lower")));
  if (filter.to) indexed.push(lte(tasks.id, uuidV7Bound(new Date(filter.to), "upper")));
  if (filter.url) {
    const pattern = `%${escapeLike(filter.url)}%`;
    scanned.push(filter.urlScope === "path" ? sql`SUBSTRING_INDEX(${tasks.url}, '?', 1) LIKE ${pattern}` : like(tasks.url, pattern));
  }
  if (filter.failed) {
    // A task stops at its first success, so it has a failed attempt exactly when it made more than one attempt,
    // or made one that did not end in success. Exact, and needs no join with attempts.
    scanned.push(and(gt(tasks.attempts, 0), or(gt(tasks.attempts, 1), ne(tasks.status, "succeeded")))!);
  }
  return { indexed, scanned };
}

export const allConditions = (filter: TaskFilter): SQL | undefined => {
  const { indexed, scanned } = taskFilterConditions(filter);
  const all = [...indexed, ...scanned];
  return all.length ? and(...all) : undefined;
};
