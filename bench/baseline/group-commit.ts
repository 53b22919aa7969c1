// The baseline worker's group commit: outcomes of concurrent jobs collected for a few milliseconds and written
// as one multi-row statement (so one commit), a few statements in flight at once. The same idea, and the same
// defaults, as Bida's attempt recorder (COMMIT_MAX_WAIT_MS 4, COMMIT_MAX_BATCH 250), without its guards.
import type { Pool } from "mysql2/promise";
import { BASELINE_TABLE } from "./table";

export interface Outcome {
  id: string;
  status: "retrying" | "succeeded" | "failed";
  attempts: number;
  statusCode: number | null;
  error: string | null;
}

interface Pending {
  outcome: Outcome;
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface GroupCommitOptions {
  maxWaitMs: number;
  maxBatch: number;
  maxInFlight: number;
  /** Told after each commit how many outcomes it made durable (the bench counts them to know when all are final). */
  onCommitted: (n: number) => void;
}

// The row always exists (the submitter inserted it), so only the update half of this statement ever applies.
const upsert =
  `INSERT INTO ${BASELINE_TABLE} (id, status, attempts, last_status_code, last_error, finished_at) VALUES ? ` +
  "ON DUPLICATE KEY UPDATE status = VALUES(status), attempts = VALUES(attempts), last_status_code = VALUES(last_status_code), " +
  "last_error = VALUES(last_error), finished_at = VALUES(finished_at), updated_at = CURRENT_TIMESTAMP(3)";

export function createGroupCommit(pool: Pool, opts: GroupCommitOptions) {
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    // At the limit, the batch keeps growing until a statement in flight returns (which flushes again).
    if (queue.length === 0 || inFlight >= opts.maxInFlight) return;
    const batch = queue.slice(0, opts.maxBatch);
    queue = queue.slice(batch.length);
    inFlight++;
    const now = new Date();
    const rows = batch.map(({ outcome: o }) => [o.id, o.status, o.attempts, o.statusCode, o.error, o.status === "retrying" ? null : now]);
    pool.query(upsert, [rows]).then(
      () => {
        for (const p of batch) p.resolve();
        opts.onCommitted(batch.length);
      },
      (err: Error) => {
        for (const p of batch) p.reject(err);
      },
    ).finally(() => {
      inFlight--;
      if (queue.length >= opts.maxBatch) flush();
      else if (queue.length > 0 && !timer) timer = setTimeout(flush, opts.maxWaitMs);
    });
    if (queue.length >= opts.maxBatch) flush();
  };

  return {
    /** Resolves once the outcome is committed. */
    add(outcome: Outcome): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ outcome, resolve, reject });
        if (queue.length >= opts.maxBatch) flush();
        else if (!timer) timer = setTimeout(flush, opts.maxWaitMs);
      });
    },
  };
}
