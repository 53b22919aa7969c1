import type { Db, Pool } from "../db/client";
import { batchLoop, noCounts, type RetentionCounts } from "./batch-loop";
import { deleteIdleOrderingKeys } from "./delete-idle-ordering-keys";
import { deleteOldLogRows } from "./delete-old-log-rows";
import { deleteOldTasks } from "./delete-old-tasks";
import { cutoffFor, type RetentionSettings } from "./retention-settings";
import { finishRun, pruneRunLog, recordProgress, startRun } from "./run-log";

// The run's counts reach MySQL at most this often while it goes, so the console shows a long run's progress.
const PROGRESS_EVERY_MS = 1_000;

export interface RunOptions {
  db: Db;
  pool: Pool;
  settings: RetentionSettings;
  /** Aborted when the worker stops or loses the lock: the run ends after its current batch. */
  signal: AbortSignal;
  worker: string;
  now?: Date;
}

/**
 * One retention run, recorded in retention_runs from its start: tasks with their attempts, then the ordering
 * keys their deletion left unused, then alerts, then the audit log. Call it only while holding the lock
 * (worker/retention.ts). Resolves with the run's id and what it deleted; a failure is recorded and rethrown.
 */
export async function runRetention(opts: RunOptions): Promise<{ id: number; counts: RetentionCounts; status: "completed" | "interrupted" }> {
  const now = opts.now ?? new Date();
  const cut = {
    taskCutoff: cutoffFor(opts.settings.taskDays, now),
    alertCutoff: cutoffFor(opts.settings.alertDays, now),
    auditCutoff: cutoffFor(opts.settings.auditDays, now),
  };
  const id = await startRun(opts.db, { startedAt: now, worker: opts.worker, ...cut });
  const counts = noCounts();
  let reported = Date.now();
  const loop = batchLoop({
    batch: opts.settings.batch,
    pauseMs: opts.settings.pauseMs,
    signal: opts.signal,
    async progress(deleted) {
      for (const [k, n] of Object.entries(deleted) as Array<[keyof RetentionCounts, number]>) counts[k] += n;
      if (Date.now() - reported < PROGRESS_EVERY_MS) return;
      reported = Date.now();
      await recordProgress(opts.db, id, counts);
    },
  });
  try {
    if (cut.taskCutoff) {
      await deleteOldTasks(opts.pool, cut.taskCutoff, loop);
      await deleteIdleOrderingKeys(opts.pool, loop);
    }
    if (cut.alertCutoff) await deleteOldLogRows(opts.pool, "alerts", cut.alertCutoff, loop);
    if (cut.auditCutoff) await deleteOldLogRows(opts.pool, "audit_log", cut.auditCutoff, loop);
    await pruneRunLog(opts.db, id);
  } catch (err) {
    await finishRun(opts.db, id, { status: "failed", counts, error: (err as Error).message, now: new Date() }).catch(() => undefined);
    throw err;
  }
  const status = opts.signal.aborted ? "interrupted" : "completed";
  await finishRun(opts.db, id, { status, counts, error: status === "interrupted" ? "stopped before the end: the worker was stopping or lost the lock" : undefined, now: new Date() });
  return { id, counts, status };
}
