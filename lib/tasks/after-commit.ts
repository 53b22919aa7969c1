import type { AppContext } from "../context";
import { isUnavailable } from "../errors";
import { logger } from "../logger";
import { changeOpenTasks, type OpenTaskChange } from "../quotas/open-tasks";
import { noteOutage } from "../outage-log";
import { enqueueDeliveries, removeDeliveries, runDeliveriesNow, type DeliveryJob, type ScheduledDelivery } from "../queue/delivery-queue";
import { withTimeout } from "../with-timeout";
import { publishTaskEvents, type TaskEvent } from "./events";
import { wakeNextInOrder, type Keyed } from "./ordering-head";

/** What follows a committed change in Redis: queue work and live events. MySQL already holds the truth. */
export interface AfterCommitPlan {
  /** Attempts to queue at their time. */
  enqueue?: ScheduledDelivery[];
  /** Attempts to make due now, replacing a delayed job that is due later (run now). */
  runNow?: ScheduledDelivery[];
  /** Jobs of attempts that will not be made (cancel, resolve). */
  remove?: Array<Pick<DeliveryJob, "taskId" | "n" | "g">>;
  events?: TaskEvent[];
  /** Tasks that just became final: the next task of each one's ordering key is made due (ordering-head.ts). */
  wake?: Keyed[];
  /** Tasks that became final (-1) or open again (+1), for their clients' open-task quotas (lib/quotas/open-tasks.ts). */
  openTasks?: OpenTaskChange[];
  /** Further work of the caller's, under the same policy (the worker's alert hook). */
  also?: () => Promise<void>;
}

/** Long enough for a loaded Redis, short enough that a client or operator never waits on a Redis that is down. */
export const AFTER_COMMIT_TIMEOUT_MS = 2_000;

/**
 * The one step after every commit that changes tasks (submit, operator and client actions, recorded attempts),
 * with one policy: everything runs at once, bounded by AFTER_COMMIT_TIMEOUT_MS, a failure is logged once and never
 * thrown — the change is committed, and turning it into an error would invite the caller to repeat it. No task is
 * lost by a failure here: the sweeper queues (or makes due) every task whose attempt is overdue in MySQL, and the
 * console re-reads MySQL on its next refresh. What `also` does is the caller's to repair: the worker's alert hook
 * has no sweeper, so an alert whose enqueue fails here is logged and not sent.
 */
export async function afterCommit(ctx: AppContext, what: string, plan: AfterCommitPlan): Promise<void> {
  const steps: Array<[string, Promise<unknown>]> = [];
  const add = (name: string, run: () => Promise<unknown>) => steps.push([name, run()]);
  if (plan.enqueue?.length) add("enqueue", () => enqueueDeliveries(ctx.deliveryQueue, ctx.redis, plan.enqueue!));
  if (plan.runNow?.length) add("run now", () => runDeliveriesNow(ctx.deliveryQueue, ctx.redis, plan.runNow!));
  if (plan.remove?.length) add("remove jobs", () => removeDeliveries(ctx.deliveryQueue, plan.remove!));
  if (plan.events?.length) add("publish", () => publishTaskEvents(ctx.redis, plan.events!));
  // Key-less tasks cost nothing here; a lost wake is repaired by the next task's own deferral running out.
  const keyed = plan.wake?.filter((t) => t.orderingKey !== null);
  if (keyed?.length) add("wake next in order", () => wakeNextInOrder(ctx, keyed));
  if (plan.openTasks?.length) add("open-task count", () => changeOpenTasks(ctx.redis, plan.openTasks!));
  if (plan.also) add("also", plan.also);
  if (steps.length === 0) return;
  const results = await withTimeout(Promise.allSettled(steps.map(([, p]) => p)), AFTER_COMMIT_TIMEOUT_MS, "after-commit").catch((err: Error) => err);
  const failed =
    results instanceof Error
      ? [{ step: steps.map(([name]) => name).join(", "), err: results.message }]
      : results.flatMap((r, i) => (r.status === "rejected" ? [{ step: steps[i]![0], err: String(r.reason) }] : []));
  if (failed.length === 0) return;
  // Redis down or too slow to answer in time: the outage log counts these instead of a line per commit.
  const unavailable = results instanceof Error || results.every((r) => r.status === "fulfilled" || isUnavailable(r.reason));
  if (unavailable && noteOutage(results instanceof Error ? results : failed[0]!.err, "after-commit steps deferred to the sweeper", { unavailable })) return;
  logger.warn({ what, failed }, "after-commit step failed; the sweeper will repair");
}
