import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../context";
import type { Db } from "../db/client";
import { tasks } from "../db/schema/tasks";
import { countRunningOrZero, withRunning } from "../tasks/in-flight";
import type { TaskStatus } from "../tasks/lifecycle/statuses";

export interface Counter {
  value: number;
  approximate: boolean;
}

export interface OverviewCounters {
  queued: Counter;
  running: Counter;
  retrying: Counter;
  failed: Counter;
}

type Rows<T> = [T[], unknown];

// Counting a status through its index costs about 1 ms per 5,000 rows; past this, the optimizer's estimate.
const cap = 100_000;

async function countStatus(db: Db, status: TaskStatus): Promise<Counter> {
  const where = eq(tasks.status, status);
  const [rows] = (await db.execute(sql`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${tasks} WHERE ${where} LIMIT ${cap + 1}) AS capped`)) as unknown as Rows<{ n: number }>;
  const n = Number(rows[0]?.n ?? 0);
  if (n <= cap) return { value: n, approximate: false };
  const [plan] = (await db.execute(sql`EXPLAIN SELECT 1 FROM ${tasks} WHERE ${where}`)) as unknown as Rows<{ rows: number | null }>;
  return { value: Math.max(n, Number(plan[0]?.rows ?? n)), approximate: true };
}

/**
 * The overview's live counters. "Running" is not stored (lib/tasks/lifecycle/statuses.ts): it is the in-flight
 * set's count, taken out of the stored queued and retrying counts it is part of.
 */
export async function getOverviewCounters(ctx: Pick<AppContext, "db" | "redis">): Promise<OverviewCounters> {
  const [queued, retrying, failed, running] = await Promise.all([
    countStatus(ctx.db, "queued"),
    countStatus(ctx.db, "retrying"),
    countStatus(ctx.db, "failed"),
    countRunningOrZero(ctx.redis),
  ]);
  const split = withRunning({ queued: queued.value, retrying: retrying.value }, running);
  return {
    queued: { ...queued, value: split.queued },
    running: { value: split.running, approximate: false },
    retrying: { ...retrying, value: split.retrying },
    failed,
  };
}
