import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { inArray, sql } from "drizzle-orm";
import type { AppContext } from "../context";
import { tasks } from "../db/schema/tasks";
import { env } from "../env";
import { alertQueueFor } from "../queue/alert-queue";
import { getBulkQueue } from "../queue/bulk-queue";
import { queueNames } from "../queue/names";
import { countRunningOrZero, withRunning } from "../tasks/in-flight";
import { activeStatuses } from "../tasks/lifecycle/statuses";
import { readHostGauges, type HostGauge } from "./host-gauges";
import { httpMetrics } from "./http-metrics";
import { cachedOldestDue } from "./oldest-due";

const jobStates = ["waiting", "active", "delayed", "prioritized", "failed"] as const;

/**
 * The web's metrics: the state every worker shares, read at scrape time from MySQL and Redis (so any one web
 * instance tells the whole installation's story; with several, take max() rather than sum()), and the web's own
 * request durations. Worker-local counters (attempts, calls, commits, alert sends) are on each worker's
 * WORKER_METRICS_PORT.
 */
export function createWebMetrics(ctx: AppContext) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "bida_web_" });
  const queues = { [queueNames.delivery]: () => ctx.deliveryQueue, [queueNames.alert]: () => alertQueueFor(ctx), [queueNames.bulk]: getBulkQueue };
  new Gauge({
    name: "bida_queue_jobs",
    help: "Jobs in each BullMQ queue (deliver, alert, bulk), by state",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      await Promise.all(
        Object.entries(queues).map(async ([queue, get]) => {
          const counts = await get().getJobCounts(...jobStates);
          for (const state of jobStates) this.set({ queue, state }, counts[state] ?? 0);
        }),
      );
    },
  });
  new Gauge({
    name: "bida_tasks_open",
    help: "Tasks that are not final, by status; running is read live from the workers' in-flight sets",
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
  const oldestDue = cachedOldestDue(ctx.db, env.metricsCacheMs);
  new Gauge({
    name: "bida_oldest_due_seconds",
    help: "Seconds since the oldest queued or retrying task's next attempt fell due (0: nothing overdue)",
    registers: [registry],
    async collect() {
      this.set(await oldestDue());
    },
  });
  // One Redis read per scrape for the three per-host gauges: the registry collects them concurrently.
  let hostRead: { at: number; hosts: Promise<HostGauge[]> } | null = null;
  const hostsNow = () => {
    if (!hostRead || Date.now() - hostRead.at > 1_000) hostRead = { at: Date.now(), hosts: readHostGauges(ctx.redis) };
    return hostRead.hosts;
  };
  const hostGauge = (name: string, help: string, value: (h: HostGauge) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["host"] as const,
      registers: [registry],
      async collect() {
        const hosts = await hostsNow();
        // Reset first, so a host that dropped out of the set stops being reported rather than keeping its last value.
        this.reset();
        for (const h of hosts) this.set({ host: h.host }, value(h));
      },
    });
  hostGauge("bida_host_in_flight", "Calls in flight to each recently called host (at most 200, the most recent), across all workers", (h) => h.inFlight);
  hostGauge("bida_host_waiting", "Jobs deferred at each host's gate, waiting for a slot, the circuit or a resume", (h) => h.waiting);
  hostGauge("bida_host_circuit_state", "Each host's circuit breaker: 0 closed, 1 open, 2 half-open", (h) => h.circuit);
  return Registry.merge([registry, httpMetrics().registry]);
}
