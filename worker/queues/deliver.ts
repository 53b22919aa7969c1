import { Worker, type ConnectionOptions } from "bullmq";
import { env } from "@/lib/env";
import { queueNames } from "@/lib/queue/names";
import type { DeliverJob } from "@/lib/queue/jobs";
import type { DeliverResult } from "../processors/deliver";

/**
 * The delivery queue's worker. A 15 s lock (renewed every 7.5 s while a call runs) means a killed worker's
 * jobs are handed to another within ~15–30 s; calls may last up to 60 s, and renewal keeps them owned.
 */
export function createDeliverWorker(connection: ConnectionOptions, processor: (job: import("bullmq").Job<DeliverJob>) => Promise<DeliverResult>) {
  return new Worker<DeliverJob, DeliverResult>(queueNames.deliver, processor, {
    connection,
    prefix: env.redis.prefix,
    concurrency: env.worker.concurrency,
    lockDuration: 15_000,
    stalledInterval: 15_000,
    maxStalledCount: 1_000,
    autorun: false,
  });
}
