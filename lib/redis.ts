import { Redis, type RedisOptions } from "ioredis";
import { env } from "./env";
import { logger } from "./logger";

/**
 * A Redis connection. BullMQ workers and blocking calls need `maxRetriesPerRequest: null`; request/response
 * callers (web) keep a bound, so while Redis is down a command fails after a couple of reconnect tries
 * instead of hanging.
 */
export function createRedis(kind: "blocking" | "command" = "command", extra: RedisOptions = {}): Redis {
  const redis = new Redis(env.redis.url, {
    maxRetriesPerRequest: kind === "blocking" ? null : 2,
    connectTimeout: 3_000,
    lazyConnect: false,
    ...extra,
  });
  // Without a listener ioredis prints every failed reconnect; one warning per outage is enough.
  let lastWarned = 0;
  redis.on("error", (err: Error) => {
    if (Date.now() - lastWarned < 30_000) return;
    lastWarned = Date.now();
    logger.warn({ err: err.message }, "Redis connection error; reconnecting");
  });
  return redis;
}

/** Namespaced key for Bida's own (non-BullMQ) keys. */
export const redisKey = (...parts: string[]) => [env.redis.prefix, ...parts].join(":");
