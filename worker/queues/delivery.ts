import { env } from "@/lib/env";
import { queueNames } from "@/lib/queue/names";
import type { QueueConfig } from "./queue-config";

/**
 * Jobs held per call slot. A job's call is a small part of its life (measured with the bench: ~9 ms of ~55 ms;
 * the rest is the fetch, the load and the group commit), so with one job per slot most slots sat idle and
 * deliveries were bound by round trips, not by calls or CPU.
 */
export const JOBS_PER_CALL_SLOT = 3;

/**
 * The delivery queue. The job lock (15 s by default, renewed at half that while a call runs) means a killed
 * worker's jobs are handed to another within one to two lock periods; calls may last up to 60 s, and renewal keeps
 * them owned meanwhile, also while a job waits for a call slot.
 */
export const deliveryQueueConfig: QueueConfig = {
  name: queueNames.delivery,
  failure: "delivery job failed",
  options: {
    concurrency: env.worker.concurrency * JOBS_PER_CALL_SLOT,
    lockDuration: env.worker.lockMs,
    stalledInterval: env.worker.lockMs,
    maxStalledCount: 1_000,
  },
};
