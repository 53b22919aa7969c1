import type { RedisClient } from "../redis";
import { logger } from "../logger";
import { withTimeout } from "../with-timeout";

/**
 * Long enough for a busy Redis on loopback (a quota script takes tens of microseconds), short enough that a
 * stalled Redis adds little to a submit that then goes ahead unchecked.
 */
const QUOTA_TIMEOUT_MS = 250;

let degraded = false;
// Connections that have been ready once: one that is not ready now has lost Redis, not yet to find it.
const connected = new WeakSet<RedisClient>();

/**
 * Runs a quota decision against Redis, failing open: while Redis is unreachable the caller gets `fallback` (the
 * call is allowed, as before quotas existed) and the log says so once per outage, not once per request. A Redis
 * that was lost is not even asked, so a submit never waits for its reconnect attempts; a connection still making its
 * first connect (the web's first request) is waited for, bounded like any call, so a start does not log an outage.
 */
export async function quotaCall<T>(redis: RedisClient, fallback: T, run: () => Promise<T>): Promise<T> {
  if (redis.status === "ready") connected.add(redis);
  else if (degraded || connected.has(redis)) return failOpen(fallback, `Redis is ${redis.status}`);
  try {
    const result = await withTimeout(run(), QUOTA_TIMEOUT_MS, "quota check");
    if (degraded) {
      degraded = false;
      logger.info("quotas are enforced again: Redis answers");
    }
    return result;
  } catch (err) {
    return failOpen(fallback, (err as Error).message);
  }
}

function failOpen<T>(fallback: T, reason: string): T {
  if (!degraded) {
    degraded = true;
    logger.warn({ reason }, "quotas are not enforced while Redis is unreachable: calls are let through unchecked");
  }
  return fallback;
}
