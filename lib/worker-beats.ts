import { type RedisClient, redisKey } from "./redis";

/** The sorted set of worker ids, each scored with the time its last heartbeat runs out (worker/heartbeat.ts). */
export const workersKey = () => redisKey("workers");

export type WorkerHealth = { ok: true; count: number } | { ok: false; since: string | null };

/**
 * Whether any worker's heartbeat is current. Not ok, `since` is when the last one ran out (or stopped cleanly):
 * how long deliveries have been waiting for a worker; null when no worker ever beat on this Redis (or not today).
 */
export async function workerHealth(redis: RedisClient): Promise<WorkerHealth> {
  const now = Date.now();
  const [alive, last] = await Promise.all([redis.zcount(workersKey(), `(${now}`, "+inf"), redis.zrange(workersKey(), "-1", "-1", "WITHSCORES")]);
  if (alive > 0) return { ok: true, count: alive };
  return { ok: false, since: last[1] ? new Date(Number(last[1])).toISOString() : null };
}
