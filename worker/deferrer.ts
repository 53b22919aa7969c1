import type { Pool } from "@/lib/db/client";
import { Batcher } from "@/lib/db/batcher";
import type { WorkerMetrics } from "@/lib/metrics/worker-metrics";
import { deferAttempts, type Deferral } from "@/lib/tasks/defer-attempts";

/**
 * Deferrals at the hosts' gates, written like attempts: those of a few milliseconds share one round trip, since a
 * dead host's backlog is deferred by the hundred. A job is moved back to the delayed set only after its deferral
 * is in MySQL, so the sweeper never finds it overdue meanwhile.
 */
export function createDeferrer(pool: Pool, metrics: WorkerMetrics) {
  const batcher = new Batcher<Deferral, void>(
    async (deferrals) => {
      await deferAttempts(pool, deferrals);
      for (const d of deferrals) metrics.deferrals.inc({ reason: d.reason });
      return deferrals.map(() => undefined);
    },
    { maxWaitMs: 5, maxBatch: 200, maxConcurrentFlushes: 2 },
  );
  return (d: Deferral) => batcher.add(d);
}
