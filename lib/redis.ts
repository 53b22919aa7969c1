import { Redis, type RedisOptions } from "ioredis";
import { env } from "./env";

/**
 * A Redis connection. BullMQ workers and blocking calls need `maxRetriesPerRequest: null`; request/response
 * callers (web) keep a bound, so while Redis is down a command fails after a couple of reconnect tries
 * instead of hanging.
 */
export function createRedis(kind: "blocking" | "command" = "command", extra: RedisOptions = {}): Redis {
  return new Redis(env.redis.url, {
    maxRetriesPerRequest: kind === "blocking" ? null : 2,
    connectTimeout: 3_000,
    lazyConnect: false,
    ...extra,
  });
}

/** Namespaced key for Bida's own (non-BullMQ) keys. */
export const redisKey = (...parts: string[]) => [env.redis.prefix, ...parts].join(":");
