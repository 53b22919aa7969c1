import type { AppContext } from "@/lib/context";
import { logger } from "@/lib/logger";
import { onAttemptsRecorded } from "@/lib/notify/on-attempts-recorded";
import { afterCommit } from "@/lib/tasks/after-commit";
import { expireTasks, findExpired } from "@/lib/tasks/expire-tasks";
import type { Task } from "@/lib/db/schema/tasks";

// Longer than any call lives (timeoutMs at most 60 s, plus the in-flight entry's 15 s): a task the sweeper ends
// cannot have a call in flight that started before its expiry and might yet succeed.
const SWEEP_MARGIN_MS = 75_000;
const PAGE = 500;

/**
 * Ends expired tasks as failed "expired" and alerts as for a spent budget (task.exhausted), through the same hook
 * as recorded attempts: no call was made, so the alert's failed attempt carries "expired" as its error.
 */
export async function endExpired(ctx: AppContext, ids: string[]): Promise<Task[]> {
  const ended = await expireTasks(ctx.db, ids);
  if (ended.length === 0) return ended;
  const at = Date.now();
  logger.info({ count: ended.length }, "tasks expired before they were delivered");
  await afterCommit(ctx, "expired", {
    events: ended.map((t) => ({ id: t.id, status: "failed" as const, attempts: t.attempts, at })),
    // An expired task no longer holds its ordering key: the next one goes.
    wake: ended,
    openTasks: ended.map((t) => ({ clientId: t.clientId, by: -1 })),
    remove: ended.map((t) => ({ taskId: t.id, n: t.attempts + 1, g: t.generation })),
    also: () =>
      onAttemptsRecorded(
        ctx,
        ended.map((t) => ({
          task: t,
          n: t.attempts + 1,
          outcome: { startedAt: new Date(at), durationMs: 0, statusCode: null, responseExcerpt: null, error: t.lastError, ok: false, retryAfterMs: null, failure: null },
        })),
      ),
  });
  return ended;
}

/**
 * The sweeper's part: tasks whose job was lost, or that wait somewhere the worker's own check does not reach, end
 * here SWEEP_MARGIN_MS after their expiry at the latest (plus one sweep interval). The worker ends most of them at
 * the expiry itself: retries and deferrals are never due later than it (lib/tasks/expire-tasks.ts).
 */
export async function sweepExpired(ctx: AppContext, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - SWEEP_MARGIN_MS);
  let total = 0;
  for (;;) {
    const ids = await findExpired(ctx.db, before, PAGE);
    if (ids.length === 0) break;
    total += (await endExpired(ctx, ids)).length;
    if (ids.length < PAGE) break;
  }
  return total;
}
