import type { AppContext } from "@/lib/context";
import type { Pool } from "@/lib/db/client";
import { Batcher } from "@/lib/db/batcher";
import { isDataError } from "@/lib/db/data-error";
import { env } from "@/lib/env";
import type { WorkerMetrics } from "@/lib/metrics/worker-metrics";
import { onAttemptsRecorded } from "@/lib/notify/on-attempts-recorded";
import { afterCommit } from "@/lib/tasks/after-commit";
import { isFinal } from "@/lib/tasks/lifecycle/statuses";
import { attemptRecordBytes, recordAttempts, type AttemptRecord } from "@/lib/tasks/record-attempts";
import { attemptSpanOf } from "@/lib/tracing/attempt-span";
import { inSpan } from "@/lib/tracing/spans";

/** Connections of the recorder's own pool (worker/main.ts), one per transaction in flight. */
export const RECORDER_CONNECTIONS = 8;

/**
 * Group commit for attempt results: jobs finishing within a few milliseconds share one MySQL transaction.
 * A job's promise resolves only after its batch is committed, so BullMQ acknowledges nothing that is not durable.
 * After the commit (lib/tasks/after-commit.ts): the next attempts are queued, statuses published, and alerting
 * told — none of these can lose a task, because the sweeper re-queues whatever is overdue.
 */
export function createAttemptRecorder(ctx: AppContext, recordPool: Pool, metrics: WorkerMetrics) {
  const batcher = new Batcher<AttemptRecord, boolean>(
    async (records) => {
      const spanOptions = () => {
        const spans = records.slice(0, 128).map((r) => attemptSpanOf(r.outcome));
        return { parent: spans[0], links: spans, attributes: { "bida.attempts": records.length } };
      };
      const applied = await inSpan("commit", spanOptions, () => recordAttempts(recordPool, records));
      const done = records.filter((_, i) => applied[i]);
      metrics.commitBatch.observe(records.length);
      for (const r of done) {
        metrics.attempts.inc({ result: r.next.status });
        metrics.callDuration.observe(r.outcome.durationMs / 1000);
      }
      if (done.length > 0) await afterCommit(ctx, "attempts", planFor(ctx, done));
      return applied;
    },
    // As many transactions in flight as the recorder pool has connections: a batch of ~50 attempts takes MariaDB
    // tens of milliseconds under load, and with fewer in flight the commits, not the calls, set the pace.
    // Capped by bytes too: 250 answers of 64 KiB would exceed max_allowed_packet, fail the batch, and have every
    // task in it called again, forever. A record the database refuses all the same fails alone.
    {
      maxWaitMs: env.worker.commitMaxWaitMs,
      maxBatch: env.worker.commitMaxBatch,
      maxConcurrentFlushes: RECORDER_CONNECTIONS,
      maxBytes: env.worker.commitMaxBytes,
      sizeOf: attemptRecordBytes,
      isolate: isDataError,
    },
  );
  return (record: AttemptRecord) => batcher.add(record);
}

function planFor(ctx: AppContext, done: AttemptRecord[]) {
  const now = Date.now();
  return {
    enqueue: done
      .filter((r) => r.next.status === "retrying")
      .map((r) => ({ taskId: r.task.id, n: r.n + 1, g: r.task.generation, flow: r.task, runAt: r.next.nextAttemptAt })),
    events: done.map((r) => ({
      id: r.task.id,
      status: r.next.status,
      attempts: r.n,
      at: now,
      statusCode: r.outcome.statusCode,
      nextAttemptAt: r.next.nextAttemptAt?.getTime() ?? null,
    })),
    // A keyed task that ended lets the next one of its key go now, not when its deferral runs out.
    wake: done.filter((r) => r.task.orderingKey !== null && isFinal(r.next.status)).map((r) => r.task),
    openTasks: done.filter((r) => isFinal(r.next.status)).map((r) => ({ clientId: r.task.clientId, by: -1 })),
    also: () => onAttemptsRecorded(ctx, done.map((r) => ({ task: { ...r.task, ...r.next, updatedAt: new Date(now) }, n: r.n, outcome: r.outcome }))),
  };
}
