import { and, eq, inArray } from "drizzle-orm";
import { deliverJobId } from "../queue/jobs";
import type { AppContext } from "../context";
import { ApiError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { tasks, type TaskStatus } from "../db/schema/tasks";
import { publishTaskEvents } from "./events";
import { getTask } from "./get-task";

/** States an operator may close by hand: the call was made some other way, or is no longer needed. */
export const resolvableStatuses: TaskStatus[] = ["failed", "cancelled", "queued", "retrying"];

/** Manual compensation: marks the task `resolved` with the operator's note; no further attempt runs. */
export async function resolveTask(ctx: AppContext, input: { id: string; actor: string; note: string }) {
  const task = await getTask(ctx.db, { id: input.id });
  if (!resolvableStatuses.includes(task.status)) {
    throw new ApiError("conflict", `A ${task.status} task cannot be resolved.`);
  }
  const now = new Date();
  await ctx.db.transaction(async (tx) => {
    const [res] = await tx
      .update(tasks)
      .set({ status: "resolved", note: input.note, finishedAt: now, nextAttemptAt: null })
      .where(and(eq(tasks.id, task.id), inArray(tasks.status, resolvableStatuses), eq(tasks.attempts, task.attempts)));
    if (res.affectedRows !== 1) throw new ApiError("conflict", "The task changed meanwhile; reload and try again.");
    await recordAudit(tx, { actor: input.actor, action: "task.resolve", objectType: "task", objectId: task.id, details: { from: task.status, note: input.note } });
  });
  // The worker finds the task final and drops any job still queued for it.
  await ctx.deliverQueue.remove(deliverJobId({ taskId: task.id, n: task.attempts + 1 })).catch(() => undefined);
  await publishTaskEvents(ctx.redis, [{ id: task.id, status: "resolved", attempts: task.attempts, at: Date.now() }]);
  return { ...task, status: "resolved" as const, note: input.note, finishedAt: now, nextAttemptAt: null, updatedAt: now };
}
