import { Worker, type ConnectionOptions } from "bullmq";
import { env } from "@/lib/env";
import { queueNames } from "@/lib/queue/names";
import type { DeliverJob } from "@/lib/queue/jobs";
import type { DeliverResult } from "../processors/deliver";

/**
 * The delivery queue's worker. The job lock (15 s by default, renewed at half that while a call runs) means a
 * killed worker's jobs are handed to another within one to two lock periods; calls may last up to 60 s, and
 * renewal keeps them owned meanwhile.
 */
export function createDeliverWorker(connection: ConnectionOptions, processor: (job: import("bullmq").Job<DeliverJob>) => Promise<DeliverResult>) {
  return new Worker<DeliverJob, DeliverResult>(queueNames.deliver, processor, {
    connection,
    prefix: env.redis.prefix,
    concurrency: env.worker.concurrency,
    lockDuration: env.worker.lockMs,
    stalledInterval: env.worker.lockMs,
    maxStalledCount: 1_000,
    autorun: false,
  });
}
