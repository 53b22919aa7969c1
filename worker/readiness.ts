import type { Worker } from "bullmq";
import { sql } from "drizzle-orm";
import type { AppContext } from "@/lib/context";
import { withTimeout } from "@/lib/with-timeout";
import type { Readiness } from "./metrics-server";

const answers = (fn: () => Promise<unknown>) =>
  withTimeout(fn(), 1_500).then(
    () => true,
    () => false,
  );

/**
 * Ready means this worker would take a job now: MySQL and Redis answer, every queue worker runs, and it is not
 * draining after SIGTERM (so a load balancer or orchestrator stops counting on it while it finishes its calls).
 */
export function workerReadiness(ctx: AppContext, queues: () => Worker[], draining: () => boolean): Readiness {
  return async () => {
    const [mysql, redis] = await Promise.all([answers(() => ctx.db.execute(sql`SELECT 1`)), answers(() => ctx.redis.ping())]);
    const running = queues().length > 0 && queues().every((q) => q.isRunning());
    const isDraining = draining();
    return { ready: mysql && redis && running && !isDraining, mysql, redis, queues: running, draining: isDraining };
  };
}
