import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { z } from "zod";
import { env } from "../env";
import { createRedis } from "../redis";
import { taskActions } from "../tasks/lifecycle/actions";
import { taskFilterSchema } from "../tasks/task-filter";
import { queueNames } from "./names";
import { logQueueErrors } from "./log-queue-errors";

/** An operator action on every task matching a filter, run in the worker. */
export const bulkJobSchema = z.object({
  action: z.enum(taskActions),
  // Strict: a filter with a key this version does not know (say, from an older one) must fail, never widen to every task.
  filter: taskFilterSchema.strict(),
  actor: z.string().min(1).max(128),
  note: z.string().max(2000).optional(),
});
export type BulkJob = z.infer<typeof bulkJobSchema>;

export const bulkProgressSchema = z.object({
  /** Matching tasks the action applies to, counted when the job started. */
  total: z.number(),
  processed: z.number(),
  changed: z.number(),
  skipped: z.number(),
});
export type BulkProgress = z.infer<typeof bulkProgressSchema>;

// The job is safe to run again after a crash (every update is guarded by status), so a stalled or failed run
// is retried; finished jobs are kept a week so their outcome stays visible in the console.
export const bulkJobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 7 * 86_400, count: 1_000 },
  removeOnFail: { age: 7 * 86_400, count: 1_000 },
};

export function createBulkQueue(connection: ConnectionOptions) {
  return logQueueErrors(new Queue<BulkJob, BulkProgress>(queueNames.bulk, { connection, prefix: env.redis.prefix, defaultJobOptions: bulkJobOptions }));
}
export type BulkQueue = ReturnType<typeof createBulkQueue>;

const globalForBulk = globalThis as unknown as { bidaBulkQueue?: BulkQueue };

/** The web process's handle on the bulk queue (for adding jobs and reading their progress). */
export function getBulkQueue(): BulkQueue {
  globalForBulk.bidaBulkQueue ??= createBulkQueue(createRedis("command"));
  return globalForBulk.bidaBulkQueue;
}
