import { Worker, type Job } from "bullmq";
import type { AppContext } from "@/lib/context";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { bulkJobSchema, type BulkJob, type BulkProgress } from "@/lib/queue/bulk-queue";
import { queueNames } from "@/lib/queue/names";
import { createRedis } from "@/lib/redis";
import { runBulkByFilter } from "@/lib/tasks/bulk-by-filter";

/** Runs one bulk job: the payload is parsed again here, since Redis is a boundary. */
export async function processBulkJob(ctx: AppContext, job: Job<BulkJob, BulkProgress>): Promise<BulkProgress> {
  const data = bulkJobSchema.parse(job.data);
  const result = await runBulkByFilter(ctx, { ...data, jobId: String(job.id) }, (p) => job.updateProgress(p));
  logger.info({ jobId: job.id, action: data.action, ...result }, "bulk action finished");
  return result;
}

/**
 * Starts the bulk-action worker beside the delivery worker. One job at a time per worker process: bulk jobs
 * are long and touch many rows, and running them one by one keeps them from starving deliveries of MySQL.
 */
export function startBulkWorker(ctx: AppContext): Worker<BulkJob, BulkProgress> {
  const worker = new Worker<BulkJob, BulkProgress>(queueNames.bulk, (job) => processBulkJob(ctx, job), {
    connection: createRedis("blocking"),
    prefix: env.redis.prefix,
    concurrency: 1,
  });
  worker.on("failed", (job, err) => logger.warn({ jobId: job?.id, err: err.message }, "bulk job failed"));
  worker.on("error", (err) => logger.error({ err: err.message }, "bulk worker error"));
  return worker;
}
