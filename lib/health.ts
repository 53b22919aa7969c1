import { sql } from "drizzle-orm";
import type { AppContext } from "./context";
import { withTimeout } from "./with-timeout";
import { workerHealth, type WorkerHealth } from "./worker-beats";


async function probe(fn: () => Promise<unknown>): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const start = performance.now();
  try {
    await withTimeout(fn(), 1_500);
    return { ok: true, latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - start), error: (err as Error).message || "unavailable" };
  }
}

/**
 * The web's own health (MySQL and Redis answer) decides `ok`; the worker's heartbeat is reported beside it and does
 * not: without a worker, clients can still submit and their tasks wait in MySQL until one comes back.
 */
export async function checkHealth(ctx: AppContext) {
  const [mysql, redis, worker] = await Promise.all([
    probe(() => ctx.db.execute(sql`SELECT 1`)),
    probe(() => ctx.redis.ping()),
    withTimeout(workerHealth(ctx.redis), 1_500).catch((): WorkerHealth & { error: string } => ({ ok: false, since: null, error: "Redis did not answer" })),
  ]);
  return { ok: mysql.ok && redis.ok, mysql, redis, worker };
}
