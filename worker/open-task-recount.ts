import type { AppContext } from "@/lib/context";
import { env } from "@/lib/env";
import { reconcileOpenTasks } from "@/lib/quotas/open-tasks";

/**
 * The sweeper's recount of each client's open tasks (lib/quotas/open-tasks.ts), at most every QUOTA_RECONCILE_MS and
 * on the first sweep after a start: the counter is kept in step by every submit and finalization, so the recount is
 * only for changes whose Redis step was lost, and one scan of the active tasks a minute is cheap beside that.
 */
export function createOpenTaskRecount(ctx: AppContext) {
  let last = 0;
  return async (): Promise<void> => {
    if (env.quotas.reconcileMs <= 0 || Date.now() - last < env.quotas.reconcileMs) return;
    last = Date.now();
    await reconcileOpenTasks(ctx.pool, ctx.redis);
  };
}
