import os from "node:os";
import { ExecutionError } from "@sesamecare-oss/redlock";
import type { AppContext } from "@/lib/context";
import { logger } from "@/lib/logger";
import { redisKey } from "@/lib/redis";
import { createRedlock } from "@/lib/redis-lock";
import { lastRuns, markInterrupted } from "@/lib/retention/run-log";
import { retentionSettings, type RetentionSettings } from "@/lib/retention/retention-settings";
import { runRetention } from "@/lib/retention/run-retention";

// The lock lives this long unless extended; redlock extends it while the run goes (every ~20 s), so a killed
// worker's lock is free again within 30 s, and the next worker's run marks the dead one interrupted.
const LOCK_MS = 30_000;
const EXTEND_BEFORE_MS = 10_000;
// Every worker asks this often whether a run is due; only the one that takes the lock looks.
const CHECK_MS = 60_000;

/**
 * Retention on exactly one worker at a time, elected with a redlock lock as the sweeper is. A run is due when the
 * last recorded one started an interval ago or more, or never finished (its worker died): the schedule survives
 * restarts, and however many workers run, there is one run per interval.
 */
export function startRetention(ctx: AppContext, settings: RetentionSettings = retentionSettings()) {
  if (settings.intervalMs === 0) {
    logger.info("retention is off (RETENTION_INTERVAL_MS=0)");
    return { stop: async () => undefined };
  }
  const redlock = createRedlock(ctx.redis, { retryCount: 0, automaticExtensionThreshold: EXTEND_BEFORE_MS });
  const lockKey = redisKey("retention-lock");
  const worker = `${os.hostname()}:${process.pid}`;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const due = async (now: Date) => {
    const [last] = await lastRuns(ctx.db, 1);
    return !last || last.status === "running" || now.getTime() - last.startedAt.getTime() >= settings.intervalMs;
  };

  const tick = async () => {
    try {
      await redlock.using([lockKey], LOCK_MS, async (lockSignal) => {
        const now = new Date();
        if (!(await due(now))) return;
        const dead = await markInterrupted(ctx.db, now);
        if (dead > 0) logger.warn({ runs: dead }, "retention: an earlier run never finished (its worker stopped); starting again");
        // Stops between batches when the worker stops or the lock could not be extended.
        const signal = AbortSignal.any([stopping.signal, lockSignal]);
        const run = await runRetention({ db: ctx.db, pool: ctx.pool, settings, signal, worker, now });
        logger.info({ run: run.id, status: run.status, deleted: run.counts, ms: Date.now() - now.getTime() }, "retention run ended");
      });
    } catch (err) {
      // The lock held by another worker is the normal case (as is a Redis that is down: the sweeper says so).
      if (err instanceof ExecutionError) return;
      logger.warn({ err: (err as Error).message }, "retention run failed; the next check tries again");
    }
  };

  const schedule = (ms: number) => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      running = tick().finally(() => schedule(Math.min(settings.intervalMs, CHECK_MS)));
    }, ms);
  };
  // The first check soon after start: a new installation, or one whose last run was cut off, need not wait.
  schedule(Math.min(settings.intervalMs, 1_000));

  return {
    async stop() {
      stopping.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
