import type { Pool } from "../db/client";
import { logger } from "../logger";
import { type RedisClient, redisKey } from "../redis";
import { activeStatuses, sqlStatusList } from "../tasks/lifecycle/statuses";

/**
 * Open tasks (not yet final) per client, for the open-task quota: a field per client in one Redis hash, raised by
 * the submit's admission script (admit-submits.ts) and lowered after each commit that makes tasks final (or raised
 * by one that retries final tasks), through after-commit.ts. Counting in MySQL instead would cost every submit an
 * index scan of the client's open tasks (tasks has no (client_id, status) index, and a client with a dead receiver
 * can have millions); the counter is O(1). It drifts only when a change's Redis step is lost (Redis down, a process
 * killed between commit and count), and the sweeper recounts from MySQL every QUOTA_RECONCILE_MS.
 */
export const openTasksKey = () => redisKey("quota", "open");

export interface OpenTaskChange {
  clientId: number;
  /** +n: tasks that count again (retried); -n: tasks that became final. */
  by: number;
}

/** Applies the changes in one round trip. Best effort by design: a lost change is repaired by the next recount. */
export async function changeOpenTasks(redis: RedisClient, changes: OpenTaskChange[]): Promise<void> {
  const byClient = new Map<number, number>();
  for (const c of changes) byClient.set(c.clientId, (byClient.get(c.clientId) ?? 0) + c.by);
  const nonZero = [...byClient].filter(([, by]) => by !== 0);
  if (nonZero.length === 0 || redis.status !== "ready") return;
  const multi = redis.multi();
  for (const [clientId, by] of nonZero) multi.hincrby(openTasksKey(), String(clientId), by);
  await multi.exec().catch(() => undefined);
}

/**
 * Recounts every client's open tasks from MySQL and moves each counter by the difference from what it held when
 * the count began, so changes made in Redis meanwhile are kept. One scan of the active tasks (the status index);
 * run by the sweeper's lock holder only.
 */
export async function reconcileOpenTasks(pool: Pool, redis: RedisClient): Promise<number> {
  const before = await redis.hgetall(openTasksKey());
  const [rows] = await pool.query(`SELECT client_id AS clientId, COUNT(*) AS n FROM tasks WHERE status IN (${sqlStatusList(activeStatuses)}) GROUP BY client_id`);
  const truth = new Map((rows as Array<{ clientId: number; n: number | string }>).map((r) => [String(r.clientId), Number(r.n)]));
  const fields = new Set([...Object.keys(before), ...truth.keys()]);
  const moves = [...fields].map((f) => [f, (truth.get(f) ?? 0) - Number(before[f] ?? 0)] as const).filter(([, diff]) => diff !== 0);
  if (moves.length === 0) return 0;
  const multi = redis.multi();
  for (const [f, diff] of moves) multi.hincrby(openTasksKey(), f, diff);
  await multi.exec();
  logger.debug({ clients: moves.length }, "open-task counters recounted");
  return moves.length;
}
