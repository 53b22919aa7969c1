import { Worker, type Processor } from "bullmq";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createRedis } from "@/lib/redis";
import type { QueueConfig } from "./queues/queue-config";

/**
 * Starts one BullMQ worker per queue, each on its own blocking connection (a worker's blocking fetch would hold
 * up any other command on a shared one), with the same logging for all.
 */
export function startQueues(queues: Array<{ config: QueueConfig; processor: Processor }>): Worker[] {
  return queues.map(({ config, processor }) => {
    const worker = new Worker(config.name, processor, { ...config.options, connection: createRedis("blocking"), prefix: env.redis.prefix, autorun: false });
    worker.on("failed", (job, err) => logger.warn({ queue: config.name, jobId: job?.id, attempt: job?.attemptsMade, err }, config.failure));
    worker.on("error", (err) => logger.error({ queue: config.name, err }, "queue worker error"));
    void worker.run();
    return worker;
  });
}
