import type { RedisClient } from "../lib/redis";
import { logger } from "@/lib/logger";
import { uncount } from "@/lib/queue/fair-share";

/**
 * Takes started jobs out of their flows' ready backlogs (lib/queue/fair-share.ts), a few milliseconds' worth in
 * one Redis call: the counts only steer the order, so a lost call costs a little fairness, never a task.
 */
export function createFairLedger(redis: RedisClient, flushMs = 20) {
  let started = new Map<string, { clientId: number; n: number }>();
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    timer = null;
    const batch = started;
    started = new Map();
    await uncount(redis, batch).catch((err: Error) => logger.debug({ err: err.message }, "fair-share uncount failed"));
  };
  return {
    /** A job of this flow (`clientId:sourceApp`) started for the first time. */
    started(flow: string) {
      const s = started.get(flow);
      if (s) s.n++;
      else started.set(flow, { clientId: Number(flow.slice(0, flow.indexOf(":"))), n: 1 });
      timer ??= setTimeout(() => void flush(), flushMs);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
}
