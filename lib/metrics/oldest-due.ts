import { eq, min } from "drizzle-orm";
import type { Db } from "../db/client";
import { tasks } from "../db/schema/tasks";
import { activeStatuses } from "../tasks/lifecycle/statuses";

/**
 * Seconds since the oldest active task's next attempt fell due (0 when none is overdue): the delivery lag. One
 * `MIN(next_attempt_at)` per active status, each a single dive into the (status, next_attempt_at) index however
 * many tasks wait. A task deferred at its host's gate or behind its ordering key has its next_attempt_at moved on,
 * so it counts only once its wait is over; a task whose call is in flight counts from when it fell due.
 */
export async function oldestDueSeconds(db: Db, now = Date.now()): Promise<number> {
  const rows = await Promise.all(
    activeStatuses.map((status) => db.select({ at: min(tasks.nextAttemptAt) }).from(tasks).where(eq(tasks.status, status))),
  );
  const due = rows.map((r) => r[0]?.at).filter((at): at is Date => at instanceof Date).map((at) => at.getTime());
  if (due.length === 0) return 0;
  return Math.max(0, (now - Math.min(...due)) / 1000);
}

/** oldestDueSeconds, read at most once per `ttlMs` (several scrapers, or several web instances, share one reading). */
export function cachedOldestDue(db: Db, ttlMs: number) {
  let last: { at: number; value: Promise<number> } | null = null;
  return (): Promise<number> => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) {
      const value = oldestDueSeconds(db, now);
      last = { at: now, value };
      value.catch(() => {
        last = null;
      });
      return value;
    }
    // Age it by the time since it was read, so a cached value never understates the lag.
    const at = last.at;
    return last.value.then((v) => (v > 0 ? v + (now - at) / 1000 : v));
  };
}
