import type { RedisClient } from "../lib/redis";
import type { Db } from "@/lib/db/client";
import type { Task } from "@/lib/db/schema/tasks";
import { giveBackAttempt, takeAttempts, type AttemptAsk } from "@/lib/quotas/attempt-quota";
import { quotaCall } from "@/lib/quotas/fail-open";
import { createQuotasByClient } from "@/lib/quotas/quotas-by-client";
import { createTurnBatcher } from "@/lib/quotas/turn-batcher";

export interface AttemptQuota {
  /** Before a call: 0 to make it now, or when (epoch ms) the client's attempts-per-minute quota gives it a turn. */
  take(task: Pick<Task, "clientId" | "waitingReason" | "nextAttemptAt">): Promise<number>;
  /** A call that took a turn was not made after all (its host's gate held it back): the turn goes back. */
  giveBack(task: Pick<Task, "clientId">): void;
}

/**
 * A deferred attempt that comes back this much before its booked turn still counts as on time: the turn was
 * computed from this worker's clock, and BullMQ's delayed set promotes on the Redis server's.
 */
const EARLY_MS = 1_000;

/**
 * The worker's side of lib/quotas/attempt-quota.ts. Asks of jobs in the same turn of the event loop share one
 * script (lib/quotas/turn-batcher.ts). A task deferred by the quota holds a booked turn: when it comes back it goes without
 * asking again. With Redis unreachable every attempt goes (lib/quotas/fail-open.ts).
 */
export function createAttemptQuota(deps: { redis: RedisClient; db: Db }): AttemptQuota {
  const quotasOf = createQuotasByClient(deps.db);
  const take = createTurnBatcher<AttemptAsk, number>((asks) => quotaCall(deps.redis, asks.map(() => 0), () => takeAttempts(deps.redis, asks)), 200);
  return {
    async take(task) {
      if (task.waitingReason === "quota" && task.nextAttemptAt) {
        const turn = task.nextAttemptAt.getTime();
        return turn - Date.now() <= EARLY_MS ? 0 : turn;
      }
      const perMinute = (await quotasOf(task.clientId)).attemptsPerMinute;
      if (perMinute <= 0) return 0;
      const waitMs = await take({ clientId: task.clientId, perMinute });
      return waitMs > 0 ? Date.now() + waitMs : 0;
    },
    giveBack(task) {
      void quotasOf(task.clientId)
        .then((q) => (q.attemptsPerMinute > 0 ? quotaCall(deps.redis, undefined, () => giveBackAttempt(deps.redis, { clientId: task.clientId, perMinute: q.attemptsPerMinute })) : undefined))
        .catch(() => undefined);
    },
  };
}
