import type { AppContext } from "@/lib/context";
import type { Pool } from "@/lib/db/client";
import { Batcher } from "@/lib/db/batcher";
import { logger } from "@/lib/logger";
import { noteOutage } from "@/lib/outage-log";
import type { WorkerMetrics } from "@/lib/metrics/worker-metrics";
import { onAttemptsRecorded } from "@/lib/notify/on-attempts-recorded";
import { afterCommit } from "@/lib/tasks/after-commit";
import { deferAttempts, type Deferral } from "@/lib/tasks/defer-attempts";
import { giveUpWaiting } from "@/lib/tasks/give-up-waiting";

/**
 * Deferrals at the hosts' gates, written like attempts: those of a few milliseconds share one round trip, since a
 * dead host's backlog is deferred by the hundred. A job is moved back to the delayed set only after its deferral
 * is in MySQL, so the sweeper never finds it overdue meanwhile. Tasks that have waited on an open circuit longer
 * than their own retry schedule are failed here, and alert like any spent budget.
 */
export function createDeferrer(ctx: AppContext, pool: Pool, metrics: WorkerMetrics) {
  const batcher = new Batcher<Deferral, void>(
    async (deferrals) => {
      await deferAttempts(pool, deferrals);
      for (const d of deferrals) metrics.deferrals.inc({ reason: d.reason });
      const open = deferrals.filter((d) => d.reason === "open");
      if (open.length > 0)
        await giveUp(ctx, open).catch((err: Error) => {
          if (!noteOutage(err, "open-circuit checks skipped")) logger.warn({ err }, "could not check waits on open circuits; next deferral tries again");
        });
      return deferrals.map(() => undefined);
    },
    { maxWaitMs: 5, maxBatch: 200, maxConcurrentFlushes: 2 },
  );
  return (d: Deferral) => batcher.add(d);
}

async function giveUp(ctx: AppContext, open: Deferral[]): Promise<void> {
  const failed = await giveUpWaiting(ctx.db, open);
  if (failed.length === 0) return;
  const at = Date.now();
  logger.warn({ count: failed.length }, "tasks gave up waiting on an open circuit");
  await afterCommit(ctx, "gave up waiting", {
    events: failed.map((t) => ({ id: t.id, status: "failed" as const, attempts: t.attempts, at })),
    // A failed task no longer holds its ordering key: the next one goes.
    wake: failed,
    openTasks: failed.map((t) => ({ clientId: t.clientId, by: -1 })),
    // No call was made: the alert carries the reason as the failed attempt's error.
    also: () =>
      onAttemptsRecorded(
        ctx,
        failed.map((t) => ({
          task: t,
          n: t.attempts + 1,
          outcome: { startedAt: new Date(at), durationMs: 0, statusCode: null, responseExcerpt: null, error: t.lastError, ok: false, retryAfterMs: null, failure: null },
        })),
      ),
  });
}
