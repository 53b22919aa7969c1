import { and, asc, desc, eq, gt, gte, lt, lte, or, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { tasks, type Task } from "../db/schema/tasks";
import { scanBudget as defaultScanBudget } from "../console/limits";
import { namesOneTask, taskFilterConditions, type ScopedTaskFilter, type TaskFilter } from "./task-filter";

export type TaskSort = "created" | "updated";
export type SortOrder = "desc" | "asc";

export interface SearchTasksInput {
  filter: ScopedTaskFilter;
  sort: TaskSort;
  order: SortOrder;
  /** Rows after this cursor in the sort order (the next page)… */
  after?: string;
  /** …or before it (the previous page). */
  before?: string;
  limit: number;
  /** Most rows read per page when the filter has conditions no index can answer. */
  scanBudget?: number;
}

export interface SearchTasksResult {
  items: Task[];
  /** Cursor of the next page (`after`), or null at the end. */
  nextCursor: string | null;
  /** Cursor of the previous page (`before`), or null on the first page. */
  prevCursor: string | null;
  /** True when the page stopped at the scan budget: there may be more matches further on. */
  scanLimited: boolean;
}

interface Key {
  id: string;
  updatedAt?: Date;
}

export function cursorOf(task: Pick<Task, "id" | "updatedAt">, sort: TaskSort): string {
  return sort === "created" ? task.id : `${task.updatedAt.getTime()}_${task.id}`;
}

function parseCursor(cursor: string, sort: TaskSort): Key | null {
  if (sort === "created") return /^[0-9a-f-]{36}$/.test(cursor) ? { id: cursor } : null;
  const m = /^(\d{1,15})_([0-9a-f-]{36})$/.exec(cursor);
  return m ? { updatedAt: new Date(Number(m[1])), id: m[2]! } : null;
}

/** Rows strictly beyond `key` when scanning in `dir` (or up to and including it, for the scan boundary). */
function keyCondition(key: Key, sort: TaskSort, dir: SortOrder, inclusive = false): SQL {
  const cmp = dir === "desc" ? (inclusive ? gte : lt) : inclusive ? lte : gt;
  if (sort === "created" || !key.updatedAt) return cmp(tasks.id, key.id);
  const strict = dir === "desc" ? lt : gt;
  return or(strict(tasks.updatedAt, key.updatedAt), and(eq(tasks.updatedAt, key.updatedAt), cmp(tasks.id, key.id)))!;
}

/**
 * For the newest-first list with equality filters, one (column, id) index read backwards finds a page after a
 * few rows; left alone, MariaDB may intersect two of them (index_merge) and sort the whole intersection.
 * A rare status narrows best, then the apps; "succeeded" (most rows) comes last.
 */
function indexHint(filter: TaskFilter, sort: TaskSort): { useIndex: string[] } | undefined {
  // An id (or its start) is a primary-key range already; a hint would send MariaDB down another index.
  if (sort !== "created" || filter.id || filter.status === "running" || filter.bulkJob) return undefined;
  const index =
    (filter.status && filter.status !== "succeeded" && "tasks_status_id_idx") ||
    (filter.sourceApp && "tasks_source_id_idx") ||
    (filter.targetApp && "tasks_target_id_idx") ||
    (filter.status && "tasks_status_id_idx");
  return index ? { useIndex: [index] } : undefined;
}

function orderBy(sort: TaskSort, dir: SortOrder) {
  const o = dir === "desc" ? desc : asc;
  return sort === "created" ? [o(tasks.id)] : [o(tasks.updatedAt), o(tasks.id)];
}

/**
 * The console's task list: filtered, sorted by created or updated time, keyset-paged in both directions,
 * never OFFSET over the result. Filters no index can answer read at most `scanBudget` rows per page.
 */
export async function searchTasks(db: Db, input: SearchTasksInput): Promise<SearchTasksResult> {
  const { sort, order, limit } = input;
  const backward = Boolean(input.before);
  // Scanning backward means reading the other way, then flipping the rows.
  const dir: SortOrder = backward ? (order === "desc" ? "asc" : "desc") : order;
  const cursorKey = parseCursor((backward ? input.before : input.after) ?? "", sort);

  const { indexed, scanned } = taskFilterConditions(input.filter);
  const hint = indexHint(input.filter, sort);
  const base = [...indexed];
  if (cursorKey) base.push(keyCondition(cursorKey, sort, dir));

  let boundary: Key | null = null;
  if (scanned.length > 0 && !namesOneTask(input.filter)) {
    // Where the budget runs out: the budget-th row matching the indexed part. The page reads up to there.
    const budget = input.scanBudget ?? defaultScanBudget;
    const [row] = await db
      .select({ id: tasks.id, updatedAt: tasks.updatedAt })
      .from(tasks, hint)
      .where(base.length ? and(...base) : undefined)
      .orderBy(...orderBy(sort, dir))
      .limit(1)
      .offset(budget - 1);
    boundary = row ?? null;
  }

  const conds = [...base, ...scanned];
  if (boundary) conds.push(keyCondition(boundary, sort, dir, true));
  const rows = await db
    .select()
    .from(tasks, hint)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(...orderBy(sort, dir))
    .limit(limit + 1);

  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const scanLimited = !more && boundary !== null;
  // Past the last row shown, or past the boundary when the budget ran out first.
  const continueKey = more ? cursorOf(page[page.length - 1]!, sort) : boundary ? cursorOf(boundary as Task, sort) : null;
  if (backward) page.reverse();

  const first = page[0];
  if (!backward) {
    return {
      items: page,
      nextCursor: continueKey,
      prevCursor: cursorKey && first ? cursorOf(first, sort) : null,
      scanLimited,
    };
  }
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor: last ? cursorOf(last, sort) : input.before ?? null,
    prevCursor: continueKey,
    scanLimited,
  };
}
