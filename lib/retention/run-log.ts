import { desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { retentionRuns, type RetentionRun, type RetentionRunStatus } from "../db/schema/retention-runs";
import type { RetentionCounts } from "./batch-loop";

// Runs kept in the log: at the default hourly interval, six weeks of them.
const KEEP_RUNS = 1_000;

const countColumns = (c: RetentionCounts) => ({
  tasksDeleted: c.tasks,
  attemptsDeleted: c.attempts,
  alertsDeleted: c.alerts,
  auditDeleted: c.audit,
  orderingKeysDeleted: c.orderingKeys,
});

export async function lastRuns(db: Db, limit = 1): Promise<RetentionRun[]> {
  return db.select().from(retentionRuns).orderBy(desc(retentionRuns.id)).limit(limit);
}

/**
 * Runs still marked running: called with the lock held, so their workers are gone (killed, or cut off from
 * Redis long enough to lose the lock). Resolves with how many there were.
 */
export async function markInterrupted(db: Db, now: Date): Promise<number> {
  const [r] = await db
    .update(retentionRuns)
    .set({ status: "interrupted", finishedAt: now, error: sql`COALESCE(${retentionRuns.error}, 'the worker running it stopped before the end')` })
    .where(eq(retentionRuns.status, "running"));
  return r.affectedRows;
}

export async function startRun(db: Db, run: { startedAt: Date; worker: string; taskCutoff: Date | null; alertCutoff: Date | null; auditCutoff: Date | null }): Promise<number> {
  const [r] = await db.insert(retentionRuns).values({ ...run, status: "running" });
  return r.insertId;
}

export async function recordProgress(db: Db, id: number, counts: RetentionCounts): Promise<void> {
  await db.update(retentionRuns).set(countColumns(counts)).where(eq(retentionRuns.id, id));
}

export async function finishRun(db: Db, id: number, end: { status: Exclude<RetentionRunStatus, "running">; counts: RetentionCounts; error?: string; now: Date }): Promise<void> {
  await db
    .update(retentionRuns)
    .set({ ...countColumns(end.counts), status: end.status, finishedAt: end.now, error: end.error?.slice(0, 1024) ?? null })
    .where(eq(retentionRuns.id, id));
}

/** The log keeps itself small too: one short DELETE by primary key. */
export async function pruneRunLog(db: Db, latestId: number): Promise<void> {
  await db.delete(retentionRuns).where(lt(retentionRuns.id, latestId - KEEP_RUNS + 1));
}
