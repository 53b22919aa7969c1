import type { RedisClient } from "../lib/redis";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { logger } from "@/lib/logger";
import { withTimeout } from "@/lib/with-timeout";
import { workersKey } from "@/lib/worker-beats";

/**
 * Tells the web this worker is alive: every `everyMs` it sets its member of one sorted set to the time its beat
 * runs out (three beats from now), which the web's /api/health reads (lib/worker-beats.ts). A killed worker's
 * member simply runs out; a worker that stops cleanly marks its own beat run out now.
 */
export function startHeartbeat(redis: RedisClient, everyMs: number) {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let stopped = false;
  let warned = false;
  const beat = async () => {
    const now = Date.now();
    // Members a day past their beat are workers long gone: kept that long only to say since when.
    await redis
      .multi()
      .zadd(workersKey(), now + 3 * everyMs, id)
      .zremrangebyscore(workersKey(), "-inf", now - 86_400_000)
      .exec();
  };
  const run = () =>
    beat().then(
      () => (warned = false),
      (err: Error) => {
        // The outage log already counts a Redis that is down; one line for a beat that fails otherwise.
        if (!warned) logger.warn({ err: err.message }, "worker heartbeat not written; retrying");
        warned = true;
      },
    );
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return {
    id,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      // Bounded: a Redis that is down must not hold up the drain (the beat then runs out by itself).
      await withTimeout(redis.zadd(workersKey(), Date.now(), id), 1_000).catch(() => undefined);
    },
  };
}
