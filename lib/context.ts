import { createDb, type Db, type Pool } from "./db/client";
import { watchOutages } from "./outage-log";
import { createRedis, type RedisClient } from "./redis";
import { createDeliveryQueue, type DeliveryQueue } from "./queue/delivery-queue";

/** What the domain functions need from the outside world; built once per process. */
export interface AppContext {
  db: Db;
  pool: Pool;
  redis: RedisClient;
  deliveryQueue: DeliveryQueue;
}

export function createAppContext(): AppContext {
  const { db, pool } = createDb();
  const redis = createRedis("command");
  const deliveryQueue = createDeliveryQueue(createRedis("command"));
  const ctx = { db, pool, redis, deliveryQueue };
  // The process's outage log probes the first context's MySQL and Redis (web: the shared one; worker: main's).
  watchOutages(ctx);
  return ctx;
}

export async function closeAppContext(ctx: AppContext): Promise<void> {
  await Promise.allSettled([ctx.deliveryQueue.close(), ctx.redis.quit(), ctx.pool.end()]);
}

const globalForCtx = globalThis as unknown as { bidaCtx?: AppContext };

/** The web process's shared context (survives Next.js dev reloads). */
export function getAppContext(): AppContext {
  globalForCtx.bidaCtx ??= createAppContext();
  return globalForCtx.bidaCtx;
}
