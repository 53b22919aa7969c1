import { and, eq, inArray } from "drizzle-orm";
import { deliverJobId } from "../queue/jobs";
import type { AppContext } from "../context";
import { ApiError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { tasks, type TaskStatus } from "../db/schema/tasks";
import { publishTaskEvents } from "./events";
import { getTask } from "./get-task";
import { withTimeout } from "../with-timeout";

export const activeStatuses: TaskStatus[] = ["queued", "running", "retrying"];

/** Cancels a task that is not final; its pending job finds it final and does nothing. */
export async function cancelTask(ctx: AppContext, input: { id: string; clientId?: number; actor: string; note?: string }) {
  const task = await getTask(ctx.db, { id: input.id, clientId: input.clientId });
  if (!activeStatuses.includes(task.status)) {
    throw new ApiError("conflict", `A ${task.status} task cannot be cancelled; it is already final.`);
  }
  const now = new Date();
  await ctx.db.transaction(async (tx) => {
    const [res] = await tx
      .update(tasks)
      .set({ status: "cancelled", finishedAt: now, nextAttemptAt: null, note: input.note ?? task.note })
      .where(and(eq(tasks.id, task.id), inArray(tasks.status, activeStatuses)));
    if (res.affectedRows !== 1) throw new ApiError("conflict", "The task finished meanwhile; reload to see its state.");
    await recordAudit(tx, { actor: input.actor, action: "task.cancel", objectType: "task", objectId: task.id, details: input.note ? { note: input.note } : null });
  });
  // Best effort: drop the waiting job so it does not occupy a worker slot; the worker skips final tasks anyway.
  await withTimeout(ctx.deliverQueue.remove(deliverJobId({ taskId: task.id, n: task.attempts + 1 })), 2_000, "dequeue").catch(() => undefined);
  await publishTaskEvents(ctx.redis, [{ id: task.id, status: "cancelled", attempts: task.attempts, at: Date.now() }]);
  return { ...task, status: "cancelled" as const, finishedAt: now, nextAttemptAt: null, updatedAt: now };
}
