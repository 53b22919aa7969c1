import { Cluster, Redis, type RedisOptions } from "ioredis";
import { env } from "./env";
import { logger } from "./logger";

/**
 * What Bida's code talks to: one Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES). Both speak the same
 * commands, scripts, pipelines and pub/sub through ioredis; on a cluster every key Bida and BullMQ use carries the
 * prefix's hash tag, so multi-key scripts, MULTI and pipelines stay within one slot (docs/operations/redis-cluster.md).
 */
export type RedisClient = Redis | Cluster;

/**
 * A Redis connection. BullMQ workers and blocking calls need `maxRetriesPerRequest: null`; request/response
 * callers (web) keep a bound, so while Redis is down a command fails after a couple of reconnect tries
 * instead of hanging.
 */
export function createRedis(kind: "blocking" | "command" = "command", extra: RedisOptions = {}): RedisClient {
  const options: RedisOptions = {
    maxRetriesPerRequest: kind === "blocking" ? null : 2,
    connectTimeout: 3_000,
    lazyConnect: false,
    ...extra,
  };
  const cluster = env.redis.cluster;
  const redis: RedisClient = cluster
    ? new Cluster(cluster.nodes, {
        lazyConnect: options.lazyConnect,
        redisOptions: {
          ...options,
          username: cluster.username,
          password: cluster.password,
          ...(cluster.tls ? { tls: {} } : {}),
        },
        // Managed clusters behind TLS (ElastiCache, MemoryDB) announce hostnames whose certificates name them: ioredis
        // would resolve them to addresses first, and the certificate check would then fail.
        ...(cluster.tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
      })
    : new Redis(env.redis.url, options);
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
