import { sql } from "drizzle-orm";
import type { AppContext } from "./context";
import { withTimeout } from "./with-timeout";


async function probe(fn: () => Promise<unknown>): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const start = performance.now();
  try {
    await withTimeout(fn(), 1_500);
    return { ok: true, latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - start), error: (err as Error).message || "unavailable" };
  }
}

export async function checkHealth(ctx: AppContext) {
  const [mysql, redis] = await Promise.all([probe(() => ctx.db.execute(sql`SELECT 1`)), probe(() => ctx.redis.ping())]);
  return { ok: mysql.ok && redis.ok, mysql, redis };
}
