import { and, asc, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { tasks, type Task } from "../db/schema/tasks";
import { activeStatuses } from "./lifecycle/statuses";

/** The reason an expired task carries as its last error (and its alert as the failed attempt's error). */
export const EXPIRED = "expired";

/** Whether a task's expiry (kkbida's expireTimestamp, the native expiresAt) has passed: no attempt may start. */
export const isExpired = (task: Pick<Task, "expiresAt">, now = Date.now()): boolean => task.expiresAt !== null && task.expiresAt.getTime() <= now;

/** A retry or a deferral is never due after the task's expiry: it wakes at the expiry, to end the task then. */
export function notAfterExpiry(task: Pick<Task, "expiresAt">, at: number): number {
  return task.expiresAt !== null ? Math.min(at, task.expiresAt.getTime()) : at;
}

/**
 * Ends the given tasks as `failed` with last error "expired", those still active and expired, in one transaction
 * (locked, then one UPDATE). Returns them as they are now, for the after-commit step and the alerts.
 */
export async function expireTasks(db: Db, ids: string[], now = new Date()): Promise<Task[]> {
  if (ids.length === 0) return [];
  return db.transaction(async (tx) => {
    const due = and(inArray(tasks.id, ids), inArray(tasks.status, activeStatuses), isNotNull(tasks.expiresAt), lte(tasks.expiresAt, now));
    const rows = await tx.select().from(tasks).where(due).for("update");
    if (rows.length === 0) return [];
    const ended = { status: "failed" as const, finishedAt: now, nextAttemptAt: null, lastError: EXPIRED, waitingReason: null, waitingSince: null, waitingBehind: null };
    await tx
      .update(tasks)
      .set({ ...ended, updatedAt: sql`CURRENT_TIMESTAMP(3)` })
      .where(inArray(tasks.id, rows.map((r) => r.id)));
    return rows.map((r) => ({ ...r, ...ended, updatedAt: now }));
  });
}

/**
 * Active tasks whose expiry passed before `before`, oldest expiry first, over the expires_at index. The sweeper asks
 * with a margin past every call's longest life, so a call started just before the expiry is never cut off.
 */
export async function findExpired(db: Db, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(isNotNull(tasks.expiresAt), lte(tasks.expiresAt, before), inArray(tasks.status, activeStatuses)))
    .orderBy(asc(tasks.expiresAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
