import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { inArray, sql } from "drizzle-orm";
import type { AppContext } from "../context";
import { tasks } from "../db/schema/tasks";
import { countRunningOrZero, withRunning } from "../tasks/in-flight";
import { activeStatuses } from "../tasks/lifecycle/statuses";

const jobStates = ["waiting", "active", "delayed", "prioritized", "failed"] as const;

/**
 * Gauges read at scrape time: queue depth from BullMQ and non-final task counts from MySQL (served by the
 * status index; final states are left out because counting millions of finished rows is not cheap), with the
 * tasks whose attempt is in flight (Redis' in-flight set) counted as running instead of their stored status.
 */
export function createWebMetrics(ctx: AppContext) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "bida_web_" });
  new Gauge({
    name: "bida_queue_jobs",
    help: "Delivery jobs in the queue, by state",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const counts = await ctx.deliveryQueue.getJobCounts(...jobStates);
      for (const state of jobStates) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: "bida_tasks_open",
    help: "Tasks that are not final, by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const [rows, running] = await Promise.all([
        ctx.db
          .select({ status: tasks.status, n: sql<number>`count(*)` })
          .from(tasks)
          .where(inArray(tasks.status, activeStatuses))
          .groupBy(tasks.status),
        countRunningOrZero(ctx.redis),
      ]);
      const stored = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
      const open = withRunning({ queued: stored("queued"), retrying: stored("retrying") }, running);
      for (const [status, n] of Object.entries(open)) this.set({ status }, n);
    },
  });
  return registry;
}
