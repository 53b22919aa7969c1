import type { Redis } from "ioredis";
import { createDb, type Db, type Pool } from "./db/client";
import { createRedis } from "./redis";
import { createDeliverQueue, type DeliverQueue } from "./queue/queues";

/** What the domain functions need from the outside world; built once per process. */
export interface AppContext {
  db: Db;
  pool: Pool;
  redis: Redis;
  deliverQueue: DeliverQueue;
}

export function createAppContext(): AppContext {
  const { db, pool } = createDb();
  const redis = createRedis("command");
  const deliverQueue = createDeliverQueue(createRedis("command"));
  return { db, pool, redis, deliverQueue };
}

export async function closeAppContext(ctx: AppContext): Promise<void> {
  await Promise.allSettled([ctx.deliverQueue.close(), ctx.redis.quit(), ctx.pool.end()]);
}

const globalForCtx = globalThis as unknown as { bidaCtx?: AppContext };

/** The web process's shared context (survives Next.js dev reloads). */
export function getAppContext(): AppContext {
  globalForCtx.bidaCtx ??= createAppContext();
  return globalForCtx.bidaCtx;
}
