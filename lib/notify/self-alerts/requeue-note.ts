import { type RedisClient, redisKey } from "../../redis";

const noteKey = () => redisKey("self-alerts", "requeued");

/**
 * The sweeper's report of tasks it found overdue with no queue job and queued again: jobs were lost (Redis lost
 * data, an enqueue after commit failed). Kept in Redis because the sweeper and the self-alert checker may run on
 * different workers.
 */
export async function noteRequeued(redis: RedisClient, count: number, now = Date.now()): Promise<void> {
  if (count <= 0) return;
  await redis.multi().hincrby(noteKey(), "total", count).hset(noteKey(), "lastAt", String(now), "lastCount", String(count)).exec();
}

export async function readRequeued(redis: RedisClient): Promise<{ total: number; lastAt: number; lastCount: number }> {
  const h = await redis.hgetall(noteKey());
  return { total: Number(h.total ?? 0), lastAt: Number(h.lastAt ?? 0), lastCount: Number(h.lastCount ?? 0) };
}
