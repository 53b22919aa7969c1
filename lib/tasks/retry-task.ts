import { and, eq, inArray, sql } from "drizzle-orm";
import { deliverJobId } from "../queue/jobs";
import type { AppContext } from "../context";
import { ApiError } from "../errors";
import { logger } from "../logger";
import { recordAudit } from "../audit/record-audit";
import { tasks, type TaskStatus } from "../db/schema/tasks";
import { enqueueDeliveries } from "../queue/queues";
import { publishTaskEvents } from "./events";
import { getTask } from "./get-task";
import { withTimeout } from "../with-timeout";

/** States an operator or client may send back to the queue. */
export const retryableStatuses: TaskStatus[] = ["failed", "cancelled"];

export interface RetryInput {
  id: string;
  /** Limits the task to one API client's own. */
  clientId?: number;
  actor: string;
  /** Attempts granted from now on; defaults to the task's original budget (a fresh budget). */
  attempts?: number;
  /** A corrected target, for manual compensation. */
  url?: string;
  params?: Record<string, unknown> | null;
}

/**
 * Re-queues a failed (or cancelled) task with a fresh budget. Attempt numbers keep counting, so the history
 * stays whole: the budget becomes `attempts made + granted`.
 */
export async function retryTask(ctx: AppContext, input: RetryInput) {
  const task = await getTask(ctx.db, { id: input.id, clientId: input.clientId });
  if (!retryableStatuses.includes(task.status)) {
    throw new ApiError("conflict", `A ${task.status} task cannot be retried; only failed or cancelled tasks can.`);
  }
  const granted = input.attempts ?? Math.min(task.maxAttempts, 100);
  const now = new Date();
  const changes = {
    status: "queued" as const,
    maxAttempts: Math.min(task.attempts + granted, 32_000),
    nextAttemptAt: now,
    finishedAt: null,
    ...(input.url ? { url: input.url } : {}),
    ...(input.params !== undefined ? { params: input.params } : {}),
  };
  await ctx.db.transaction(async (tx) => {
    const [res] = await tx
      .update(tasks)
      .set(changes)
      .where(and(eq(tasks.id, task.id), inArray(tasks.status, retryableStatuses), eq(tasks.attempts, task.attempts)));
    if (res.affectedRows !== 1) throw new ApiError("conflict", "The task changed meanwhile; reload and try again.");
    await recordAudit(tx, {
      actor: input.actor,
      action: "task.retry",
      objectType: "task",
      objectId: task.id,
      details: { from: task.status, granted, ...(input.url ? { url: input.url } : {}), ...(input.params !== undefined ? { params: true } : {}) },
    });
  });
  await withTimeout(enqueueDeliveries(ctx.deliverQueue, [{ taskId: task.id, n: task.attempts + 1 }]), 2_000, "enqueue").catch((err) =>
    logger.warn({ err: String(err), taskId: task.id }, "enqueue after retry failed; the sweeper will re-queue"),
  );
  await publishTaskEvents(ctx.redis, [{ id: task.id, status: "queued", attempts: task.attempts, at: Date.now() }]);
  return { ...task, ...changes, updatedAt: now };
}

/** Moves a retrying (or queued) task's next attempt to now. */
export async function runTaskNow(ctx: AppContext, input: { id: string; clientId?: number; actor: string }) {
  const task = await getTask(ctx.db, { id: input.id, clientId: input.clientId });
  if (task.status !== "retrying" && task.status !== "queued") {
    throw new ApiError("conflict", `A ${task.status} task has no pending attempt to run now.`);
  }
  const n = task.attempts + 1;
  await ctx.db.transaction(async (tx) => {
    await tx.update(tasks).set({ nextAttemptAt: sql`CURRENT_TIMESTAMP(3)` }).where(and(eq(tasks.id, task.id), eq(tasks.attempts, task.attempts)));
    await recordAudit(tx, { actor: input.actor, action: "task.run_now", objectType: "task", objectId: task.id, details: { attempt: n } });
  });
  // The delayed job for this attempt is promoted; if it is gone (Redis lost it), a fresh one is added.
  const job = await ctx.deliverQueue.getJob(deliverJobId({ taskId: task.id, n }));
  if (job && (await job.isDelayed())) await job.promote();
  else if (!job) await enqueueDeliveries(ctx.deliverQueue, [{ taskId: task.id, n }]);
  return task;
}
