import { setTimeout as sleep } from "node:timers/promises";

/** What a run's deleted rows are counted as, by table. */
export interface RetentionCounts {
  tasks: number;
  attempts: number;
  alerts: number;
  audit: number;
  orderingKeys: number;
}

export const noCounts = (): RetentionCounts => ({ tasks: 0, attempts: 0, alerts: 0, audit: 0, orderingKeys: 0 });

/** How every deleting loop of a run paces itself, reports, and learns that it must stop. */
export interface BatchLoop {
  batch: number;
  /** True once the worker is stopping or has lost the lock: the loop ends after the batch it is in. */
  stopped: () => boolean;
  /** Called after each committed batch with what it deleted. */
  progress: (deleted: Partial<RetentionCounts>) => Promise<void>;
  /** The pause between two batches, so other writers get the rows' pages and the disk between them. */
  pause: () => Promise<void>;
}

export function batchLoop(opts: { batch: number; pauseMs: number; signal: AbortSignal; progress: BatchLoop["progress"] }): BatchLoop {
  return {
    batch: opts.batch,
    stopped: () => opts.signal.aborted,
    progress: opts.progress,
    pause: () => (opts.pauseMs > 0 ? sleep(opts.pauseMs, undefined, { signal: opts.signal }).catch(() => undefined) : Promise.resolve()),
  };
}
