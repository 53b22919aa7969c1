import type { Job } from "bullmq";
import type { AppContext } from "@/lib/context";
import { logger } from "@/lib/logger";
import { bulkJobSchema, type BulkJob, type BulkProgress } from "@/lib/queue/bulk-queue";
import { runBulkByFilter } from "@/lib/tasks/bulk-by-filter";

/** Runs one bulk job: the payload is parsed again here, since Redis is a boundary. */
export function createBulkProcessor(ctx: AppContext) {
  return async (job: Job<BulkJob, BulkProgress>): Promise<BulkProgress> => {
    const data = bulkJobSchema.parse(job.data);
    const result = await runBulkByFilter(ctx, { ...data, jobId: String(job.id) }, (p) => job.updateProgress(p));
    logger.info({ jobId: job.id, action: data.action, ...result }, "bulk action finished");
    return result;
  };
}
