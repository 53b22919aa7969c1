import type { Lock } from "@sesamecare-oss/redlock";
import { and, asc, inArray, lt, sql } from "drizzle-orm";
import type { AppContext } from "@/lib/context";
import { env } from "@/lib/env";
import type { Counter } from "prom-client";
import { logger } from "@/lib/logger";
import { noteOutage } from "@/lib/outage-log";
import { redisKey } from "@/lib/redis";
import { createRedlock } from "@/lib/redis-lock";
import { tasks } from "@/lib/db/schema/tasks";
import { repairDeliveries } from "@/lib/queue/delivery-queue";
import { noteRequeued } from "@/lib/notify/self-alerts/requeue-note";
import { syncHostSettings } from "@/lib/hosts/host-settings";
import { resetFairShare } from "@/lib/queue/fair-share";
import { pruneInFlight } from "@/lib/tasks/in-flight";
import { activeStatuses } from "@/lib/tasks/lifecycle/statuses";
import { createOpenTaskRecount } from "./open-task-recount";
import { sweepExpired } from "./expiry";

const PAGE = 1_000;

/**
 * Makes due every non-final task whose next attempt is overdue by more than the grace period: a missing job is
 * added, a delayed one (due later than MySQL says, as after a run-now whose promote was lost) is promoted, and a
 * waiting or active one is left alone. This repairs an after-commit step that failed, a Redis that lost its
 * data, and any bug that drops a job.
 */
export async function sweepOnce(ctx: AppContext, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - env.worker.sweepGraceMs);
  let total = 0;
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const rows: Array<{ id: string; attempts: number; generation: number; clientId: number; sourceApp: string | null; nextAttemptAt: Date | null }> = await ctx.db
      .select({ id: tasks.id, attempts: tasks.attempts, generation: tasks.generation, clientId: tasks.clientId, sourceApp: tasks.sourceApp, nextAttemptAt: tasks.nextAttemptAt })
      .from(tasks)
      .where(
        and(
          inArray(tasks.status, activeStatuses),
          lt(tasks.nextAttemptAt, cutoff),
          // Keyset paging over (next_attempt_at, id), served by the (status, next_attempt_at) index.
          after ? sql`(${tasks.nextAttemptAt}, ${tasks.id}) > (${after.at}, ${after.id})` : undefined,
        ),
      )
      .orderBy(asc(tasks.nextAttemptAt), asc(tasks.id))
      .limit(PAGE);
    if (rows.length === 0) break;
    const repaired = await repairDeliveries(ctx.deliveryQueue, ctx.redis, rows.map((r) => ({ taskId: r.id, n: r.attempts + 1, g: r.generation, flow: r })));
    total += repaired.requeued + repaired.promoted;
    // A missing job is a symptom (lost Redis data, a failed enqueue), for the bida.requeue self-alert.
    await noteRequeued(ctx.redis, repaired.requeued);
    const last = rows[rows.length - 1]!;
    after = { at: last.nextAttemptAt!, id: last.id };
    if (rows.length < PAGE) break;
  }
  return total;
}

/**
 * Runs the sweep once per interval across all workers, elected with a redlock lock. The winner keeps the lock until
 * an interval after its sweep started instead of releasing it at the end: released, the other workers' timers (each
 * on its own phase) would take it in turn, and N workers would sweep N times per interval, each a scan of MySQL.
 */
export function startSweeper(ctx: AppContext, sweeps?: Counter) {
  const redlock = createRedlock(ctx.redis, { retryCount: 0 });
  const lockKey = redisKey("sweeper-lock");
  const intervalMs = env.worker.sweepIntervalMs;
  const recountOpenTasks = createOpenTaskRecount(ctx);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  // The lock this worker holds for the rest of the interval after its sweep; released on stop.
  let held: Lock | null = null;

  const tick = async () => {
    let lock: Lock | null = null;
    const startedAt = Date.now();
    try {
      // A sweep longer than three intervals lets another worker start one beside it: harmless (jobs are added by id).
      lock = await redlock.acquire([lockKey], intervalMs * 3);
    } catch {
      return; // another worker swept this interval, or is sweeping now
    }
    held = null;
    try {
      sweeps?.inc();
      // Operators' host settings live in MySQL; a Redis that lost them (or a write that failed) gets them back here.
      await Promise.all([pruneInFlight(ctx.redis), syncHostSettings(ctx.db, ctx.redis), resetFairShareWhenIdle(ctx), recountOpenTasks()]);
      const count = await sweepOnce(ctx);
      if (count > 0) logger.info({ count }, "sweeper queued or made due overdue tasks");
      await sweepExpired(ctx);
    } catch (err) {
      if (!noteOutage(err, "sweeps failed")) logger.warn({ err }, "sweep failed; retrying next interval");
    } finally {
      const left = startedAt + intervalMs - Date.now();
      if (left >= 20 && !stopped) held = await lock.extend(left).catch(() => null);
      else await lock.release().catch(() => undefined);
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      // Another worker need not wait out this worker's interval.
      await held?.release().catch(() => undefined);
    },
  };
}

/** The fair-share counts drift with every job removed before it started; with nothing waiting they can start afresh. */
async function resetFairShareWhenIdle(ctx: AppContext): Promise<void> {
  const counts = await ctx.deliveryQueue.getJobCounts("wait", "prioritized");
  if ((counts.wait ?? 0) === 0 && (counts.prioritized ?? 0) === 0) await resetFairShare(ctx.redis);
}
