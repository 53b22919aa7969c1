import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { tasks, type Task } from "../db/schema/tasks";
import { nextDelayMs } from "../delivery/backoff";
import { env } from "../env";
import { activeStatuses } from "./lifecycle/statuses";

/**
 * How long a task may wait on an open circuit before it fails: as long as its own retry schedule would have taken
 * to spend its remaining attempts (each delay as the policy gives it, without jitter, plus each call's timeout), at
 * least one timeout, and at most HOST_WAIT_MAX_MS. A host that never comes back thus fails its tasks when they
 * would have failed anyway, and alerts like any spent budget, instead of hiding them.
 */
export function openCircuitBudgetMs(task: Pick<Task, "attempts" | "maxAttempts" | "retry" | "timeoutMs">): number {
  let total = task.timeoutMs;
  for (let n = task.attempts + 1; n < task.maxAttempts; n++) total += nextDelayMs(task.retry ?? null, n, { random: () => 0.5 }) + task.timeoutMs;
  return Math.min(total, env.hosts.waitMaxMs);
}

/**
 * Of tasks just deferred behind an open circuit, fails those that have waited longer than openCircuitBudgetMs, with
 * the reason as their last error. Guarded like an attempt (same attempts, generation, still active), so a task that
 * moved on meanwhile is left alone. Returns the failed tasks as they are now, for the after-commit step.
 */
export async function giveUpWaiting(db: Db, deferred: Array<{ taskId: string; n: number; g: number }>, now = new Date()): Promise<Task[]> {
  if (deferred.length === 0) return [];
  const rows = await db
    .select()
    .from(tasks)
    .where(and(inArray(tasks.id, deferred.map((d) => d.taskId)), eq(tasks.waitingReason, "open"), inArray(tasks.status, activeStatuses)));
  const failed: Task[] = [];
  for (const t of rows) {
    const d = deferred.find((x) => x.taskId === t.id)!;
    if (!t.waitingSince || t.attempts !== d.n - 1 || t.generation !== d.g) continue;
    const waited = now.getTime() - t.waitingSince.getTime();
    if (waited <= openCircuitBudgetMs(t)) continue;
    const lastError = `gave up: the host's circuit was open for ${Math.round(waited / 1000)} s, longer than this task's retry schedule; no attempt could be made since ${t.waitingSince.toISOString()}`;
    const [res] = await db
      .update(tasks)
      .set({ status: "failed", finishedAt: now, nextAttemptAt: null, lastError, waitingReason: null, waitingSince: null, updatedAt: sql`CURRENT_TIMESTAMP(3)` })
      .where(and(eq(tasks.id, t.id), eq(tasks.attempts, t.attempts), eq(tasks.generation, t.generation), inArray(tasks.status, activeStatuses)));
    if (res.affectedRows === 1) failed.push({ ...t, status: "failed", finishedAt: now, nextAttemptAt: null, lastError, waitingReason: null, waitingSince: null });
  }
  return failed;
}
