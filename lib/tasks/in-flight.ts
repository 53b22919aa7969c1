import { logger } from "../logger";
import { type RedisClient, redisKey } from "../redis";
import { withTimeout } from "../with-timeout";
import { activeStatuses, type ActiveStatus } from "./lifecycle/statuses";

/**
 * Tasks with an attempt in flight — the live-only `running` status. One sorted set per stored status (a running
 * task is stored as queued or retrying), member the task id, score the time by which the attempt is over at the
 * latest (its timeout and a margin), so a killed worker's entries stop counting on their own. Written by the
 * worker (worker/in-flight-tracker.ts), read by the metrics, the task views and the run-now guard.
 */
export const inFlightKey = (status: ActiveStatus) => redisKey("in-flight", status);

/** How long past its timeout an attempt may still be recording its result. */
export const IN_FLIGHT_MARGIN_MS = 15_000;

/** Of these ids, the ones with an attempt in flight now. */
export async function runningIds(redis: RedisClient, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const now = Date.now();
  const pipeline = redis.pipeline();
  for (const status of activeStatuses) pipeline.zmscore(inFlightKey(status), ...ids);
  const replies = (await pipeline.exec()) ?? [];
  const running = new Set<string>();
  for (const [err, scores] of replies) {
    if (err) throw err;
    (scores as (string | null)[]).forEach((score, i) => {
      if (score !== null && Number(score) > now) running.add(ids[i]!);
    });
  }
  return running;
}

/**
 * Every task with an attempt in flight now, by stored status: the board's `running` filter. The sets hold at most
 * the calls in flight across the workers (their concurrency), so reading them whole stays small.
 */
export async function allRunningIds(redis: RedisClient): Promise<Record<ActiveStatus, string[]>> {
  const now = Date.now();
  const pipeline = redis.pipeline();
  for (const status of activeStatuses) pipeline.zrangebyscore(inFlightKey(status), `(${now}`, "+inf");
  const replies = (await pipeline.exec()) ?? [];
  const ids = {} as Record<ActiveStatus, string[]>;
  activeStatuses.forEach((status, i) => {
    const [err, members] = replies[i] ?? [];
    if (err) throw err;
    ids[status] = (members as string[] | undefined) ?? [];
  });
  return ids;
}

/** How many tasks of each stored status have an attempt in flight now. */
export async function countRunning(redis: RedisClient): Promise<Record<ActiveStatus, number>> {
  const now = Date.now();
  const pipeline = redis.pipeline();
  for (const status of activeStatuses) pipeline.zcount(inFlightKey(status), `(${now}`, "+inf");
  const replies = (await pipeline.exec()) ?? [];
  const counts = {} as Record<ActiveStatus, number>;
  activeStatuses.forEach((status, i) => {
    const [err, n] = replies[i] ?? [];
    if (err) throw err;
    counts[status] = Number(n ?? 0);
  });
  return counts;
}

/** countRunning for the counters' readers (gauge, overview): bounded, and all zero while Redis does not answer. */
export async function countRunningOrZero(redis: RedisClient): Promise<Record<ActiveStatus, number>> {
  try {
    return await withTimeout(countRunning(redis), 500, "in-flight count");
  } catch (err) {
    logger.debug({ err: String(err) }, "in-flight set unreadable; counting no task as running");
    return { queued: 0, retrying: 0 };
  }
}

/** Drops entries whose attempt is over by any measure (a killed worker's); the sweeper calls it each round. */
export async function pruneInFlight(redis: RedisClient, now = Date.now()): Promise<void> {
  const pipeline = redis.pipeline();
  for (const status of activeStatuses) pipeline.zremrangebyscore(inFlightKey(status), "-inf", now);
  await pipeline.exec();
}

/** Stored counts of the active statuses, with the tasks that have an attempt in flight moved out into `running`. */
export function withRunning(stored: Record<ActiveStatus, number>, running: Record<ActiveStatus, number>) {
  // The two are read at slightly different instants: never show a negative count.
  const queued = Math.max(0, stored.queued - running.queued);
  const retrying = Math.max(0, stored.retrying - running.retrying);
  return { queued, retrying, running: Math.min(running.queued, stored.queued) + Math.min(running.retrying, stored.retrying) };
}
