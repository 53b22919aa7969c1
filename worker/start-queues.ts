import { Worker, type Processor } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { noteOutage } from "@/lib/outage-log";
import { createRedis } from "@/lib/redis";
import { isDataError } from "@/lib/db/data-error";
import { safeError } from "@/lib/safe-error";
import type { QueueConfig } from "./queues/queue-config";

/**
 * Starts one BullMQ worker per queue, each on its own blocking connection (a worker's blocking fetch would hold
 * up any other command on a shared one), with the same logging for all.
 */
export function startQueues(queues: Array<{ config: QueueConfig; processor: Processor }>): Worker[] {
  return queues.map(({ config, processor }) => {
    const worker = new Worker(config.name, withSafeErrors(processor), { ...config.options, connection: createRedis("blocking"), prefix: env.redis.prefix, autorun: false });
    // While MySQL or Redis is down every job fails the same way: the outage log counts them instead.
    worker.on("failed", (job, err) => {
      if (!noteOutage(err, "jobs failed")) logger.warn({ queue: config.name, jobId: job?.id, attempt: job?.attemptsMade, err }, config.failure);
    });
    worker.on("error", (err) => {
      if (!noteOutage(err, "queue errors")) logger.error({ queue: config.name, err }, "queue worker error");
    });
    void worker.run();
    return worker;
  });
}

/**
 * BullMQ keeps a failed job's error message in Redis (`failedReason`) and shows it wherever jobs are inspected: a
 * database error there is replaced by its safe summary, as in the logs. Other errors pass unchanged (BullMQ's own
 * DelayedError and UnrecoverableError must keep their class).
 */
function withSafeErrors(processor: Processor): Processor {
  return async (job, token, signal) => {
    try {
      return await processor(job, token, signal);
    } catch (err) {
      if (!isDataError(err)) throw err;
      const safe = safeError(err);
      const summary = typeof safe === "string" ? safe : [safe.code, safe.cause?.code, safe.message, safe.cause?.message].filter(Boolean).join(": ");
      throw new Error(`database error: ${summary}`, { cause: err });
    }
  };
}
