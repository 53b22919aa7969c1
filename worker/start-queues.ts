import { Worker, type Processor } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { noteOutage } from "@/lib/outage-log";
import { createRedis } from "@/lib/redis";
import type { QueueConfig } from "./queues/queue-config";

/**
 * Starts one BullMQ worker per queue, each on its own blocking connection (a worker's blocking fetch would hold
 * up any other command on a shared one), with the same logging for all.
 */
export function startQueues(queues: Array<{ config: QueueConfig; processor: Processor }>): Worker[] {
  return queues.map(({ config, processor }) => {
    const worker = new Worker(config.name, processor, { ...config.options, connection: createRedis("blocking"), prefix: env.redis.prefix, autorun: false });
    // While MySQL or Redis is down every job fails the same way: the outage log counts them instead.
    worker.on("failed", (job, err) => {
      if (!noteOutage(err, "jobs failed")) logger.warn({ queue: config.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, config.failure);
    });
    worker.on("error", (err) => {
      if (!noteOutage(err, "queue errors")) logger.error({ queue: config.name, err: err.message }, "queue worker error");
    });
    void worker.run();
    return worker;
  });
}
