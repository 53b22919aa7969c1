import type { RedisClient } from "../redis";
import type { Task } from "../db/schema/tasks";
import { logger } from "../logger";
import { withTimeout } from "../with-timeout";
import { runningIds } from "./in-flight";
import { isActive, type LiveStatus } from "./lifecycle/statuses";

export type LiveTask = Omit<Task, "status"> & { status: LiveStatus };

/**
 * The tasks as a reader should see them: `running` over a stored queued or retrying while an attempt is in flight.
 * Bounded and best effort: with Redis unreachable the stored statuses are shown.
 */
export async function withLiveStatus(redis: RedisClient, rows: Task[]): Promise<LiveTask[]> {
  const candidates = rows.filter((t) => isActive(t.status)).map((t) => t.id);
  if (candidates.length === 0) return rows;
  let running: Set<string>;
  try {
    running = await withTimeout(runningIds(redis, candidates), 500, "in-flight read");
  } catch (err) {
    logger.debug({ err: String(err) }, "in-flight set unreadable; showing stored statuses");
    return rows;
  }
  return rows.map((t) => (running.has(t.id) ? { ...t, status: "running" } : t));
}
