import { and, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { scanBudget } from "./limits";
import { tasks } from "../db/schema/tasks";
import { isFilterEmpty, taskFilterConditions, type ScopedTaskFilter } from "../tasks/task-filter";

export interface TaskCount {
  value: number;
  /** True when the value is the optimizer's estimate, not a count. */
  approximate: boolean;
  /** True when the value counts only the newest `scanBudget` candidates: there may be more. */
  atLeast?: boolean;
}

/** Counting more exactly than this costs too much on a large table; past it, the optimizer's estimate is shown. */
const exactCap = 10_000;


type Rows<T> = [T[], unknown];

/**
 * How many tasks match, cheaply: exact up to 10,000 (an index range read with a LIMIT), otherwise the
 * table statistics (no filter) or the optimizer's row estimate. A filter that needs a row-by-row check is
 * counted among the newest 20,000 candidates only: exact when there are no more, a lower bound otherwise.
 */
export async function countTasks(db: Db, filter: ScopedTaskFilter): Promise<TaskCount> {
  if (isFilterEmpty(filter)) {
    const [rows] = (await db.execute(
      sql`SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tasks'`,
    )) as unknown as Rows<{ n: number | null }>;
    const estimate = Number(rows[0]?.n ?? 0);
    if (estimate > exactCap) return { value: estimate, approximate: true };
  }
  const { indexed, scanned } = taskFilterConditions(filter);
  const where: SQL = indexed.length ? and(...indexed)! : sql`1 = 1`;
  if (scanned.length > 0) {
    // The derived table is named "tasks" so the scanned conditions (written against tasks.*) apply to it.
    const [rows] = (await db.execute(
      sql`SELECT COUNT(*) AS total, COALESCE(SUM(${and(...scanned)}), 0) AS matched FROM (SELECT ${tasks.id}, ${tasks.url}, ${tasks.attempts}, ${tasks.status} FROM ${tasks} WHERE ${where} ORDER BY ${tasks.id} DESC LIMIT ${scanBudget + 1}) AS tasks`,
    )) as unknown as Rows<{ total: number; matched: number }>;
    const total = Number(rows[0]?.total ?? 0);
    const matched = Number(rows[0]?.matched ?? 0);
    return total > scanBudget ? { value: matched, approximate: false, atLeast: true } : { value: matched, approximate: false };
  }
  const [capped] = (await db.execute(
    sql`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${tasks} WHERE ${where} LIMIT ${exactCap + 1}) AS capped`,
  )) as unknown as Rows<{ n: number }>;
  const n = Number(capped[0]?.n ?? 0);
  if (n <= exactCap) return { value: n, approximate: false };
  const [plan] = (await db.execute(sql`EXPLAIN SELECT 1 FROM ${tasks} WHERE ${where}`)) as unknown as Rows<{ rows: number | null }>;
  return { value: Math.max(n, Number(plan[0]?.rows ?? n)), approximate: true };
}
