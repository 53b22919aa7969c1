import { and, inArray, sql } from "drizzle-orm";
import type { AppContext } from "../context";
import { logger } from "../logger";
import { recordAudit } from "../audit/record-audit";
import { tasks, type TaskStatus } from "../db/schema/tasks";
import { enqueueDeliveries } from "../queue/queues";
import { deliverJobId } from "../queue/jobs";
import { activeStatuses } from "./cancel-task";
import { publishTaskEvents, type TaskEvent } from "./events";
import { resolvableStatuses } from "./resolve-task";
import { retryableStatuses } from "./retry-task";

export const bulkActions = ["retry", "run_now", "cancel", "resolve"] as const;
export type BulkAction = (typeof bulkActions)[number];

/** Which tasks each action applies to; the others in a selection are skipped, not failed. */
export const bulkEligible: Record<BulkAction, TaskStatus[]> = {
  retry: retryableStatuses,
  run_now: ["queued", "retrying"],
  cancel: activeStatuses,
  resolve: resolvableStatuses,
};

export interface BulkApplyInput {
  action: BulkAction;
  ids: string[];
  actor: string;
  /** Required for resolve; kept on cancelled tasks too. */
  note?: string;
  /** Ties the audit entries to the background job that made them. */
  bulkJobId?: string;
}

export interface BulkApplyResult {
  changed: number;
  skipped: number;
}

/** Most ids per transaction: small enough to keep row locks short beside the worker's group commits. */
export const bulkChunkSize = 500;

/**
 * Applies one operator action to many tasks with set-based statements: the same guards as the single-task
 * verbs (status, and the attempt count read under lock), one transaction and one audit entry per task.
 */
export async function applyBulkAction(ctx: AppContext, input: BulkApplyInput): Promise<BulkApplyResult> {
  const result: BulkApplyResult = { changed: 0, skipped: 0 };
  for (let i = 0; i < input.ids.length; i += bulkChunkSize) {
    const chunk = input.ids.slice(i, i + bulkChunkSize);
    const changed = await withDeadlockRetry(() => applyChunk(ctx, input, chunk));
    result.changed += changed;
    result.skipped += chunk.length - changed;
  }
  return result;
}

async function applyChunk(ctx: AppContext, input: BulkApplyInput, ids: string[]): Promise<number> {
  const eligible = bulkEligible[input.action];
  const now = new Date();
  const rows = await ctx.db.transaction(async (tx) => {
    const locked = await tx
      .select({ id: tasks.id, status: tasks.status, attempts: tasks.attempts })
      .from(tasks)
      .where(and(inArray(tasks.id, ids), inArray(tasks.status, eligible)))
      .for("update");
    if (locked.length === 0) return locked;
    const where = and(inArray(tasks.id, locked.map((r) => r.id)), inArray(tasks.status, eligible));
    switch (input.action) {
      case "retry":
        // The same fresh budget as retryTask: as many attempts again as the task was given (at most 100).
        await tx
          .update(tasks)
          .set({
            status: "queued",
            maxAttempts: sql`LEAST(${tasks.attempts} + LEAST(${tasks.maxAttempts}, 100), 32000)`,
            nextAttemptAt: now,
            finishedAt: null,
          })
          .where(where);
        break;
      case "run_now":
        await tx.update(tasks).set({ nextAttemptAt: now }).where(where);
        break;
      case "cancel":
        await tx
          .update(tasks)
          .set({ status: "cancelled", finishedAt: now, nextAttemptAt: null, ...(input.note ? { note: input.note } : {}) })
          .where(where);
        break;
      case "resolve":
        await tx.update(tasks).set({ status: "resolved", finishedAt: now, nextAttemptAt: null, note: input.note ?? null }).where(where);
        break;
    }
    await recordAudit(
      tx,
      locked.map((r) => ({
        actor: input.actor,
        action: `task.${input.action}`,
        objectType: "task",
        objectId: r.id,
        details: {
          from: r.status,
          ...(input.note ? { note: input.note } : {}),
          ...(input.bulkJobId ? { bulkJob: input.bulkJobId } : { bulk: true }),
        },
      })),
    );
    return locked;
  });
  if (rows.length > 0) await afterCommit(ctx, input.action, rows, now.getTime());
  return rows.length;
}

type LockedRow = { id: string; status: TaskStatus; attempts: number };

async function afterCommit(ctx: AppContext, action: BulkAction, rows: LockedRow[], at: number): Promise<void> {
  // Queue work is best effort after the commit: the sweeper re-queues any task whose attempt is overdue.
  try {
    if (action === "retry") {
      await enqueueDeliveries(ctx.deliverQueue, rows.map((r) => ({ taskId: r.id, n: r.attempts + 1 })));
    } else if (action === "run_now") {
      await promoteOrEnqueue(ctx, rows);
    }
  } catch (err) {
    logger.warn({ err: String(err), action, count: rows.length }, "queueing after a bulk action failed; the sweeper will re-queue");
  }
  const status: Record<BulkAction, (r: LockedRow) => TaskEvent["status"]> = {
    retry: () => "queued",
    run_now: (r) => r.status,
    cancel: () => "cancelled",
    resolve: () => "resolved",
  };
  await publishTaskEvents(
    ctx.redis,
    rows.map((r) => ({ id: r.id, status: status[action](r), attempts: r.attempts, at, ...(action === "run_now" ? { nextAttemptAt: at } : {}) })),
  );
}

async function promoteOrEnqueue(ctx: AppContext, rows: LockedRow[]): Promise<void> {
  const missing: LockedRow[] = [];
  // Twenty at a time keeps Redis round trips in flight without flooding it.
  for (let i = 0; i < rows.length; i += 20) {
    await Promise.all(
      rows.slice(i, i + 20).map(async (r) => {
        const job = await ctx.deliverQueue.getJob(deliverJobId({ taskId: r.id, n: r.attempts + 1 }));
        if (!job) missing.push(r);
        else if (await job.isDelayed()) await job.promote().catch(() => undefined);
      }),
    );
  }
  await enqueueDeliveries(ctx.deliverQueue, missing.map((r) => ({ taskId: r.id, n: r.attempts + 1 })));
}

async function withDeadlockRetry<T>(fn: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if (i >= tries || (code !== "ER_LOCK_DEADLOCK" && code !== "ER_LOCK_WAIT_TIMEOUT")) throw err;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}
