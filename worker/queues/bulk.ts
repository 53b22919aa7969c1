import { queueNames } from "@/lib/queue/names";
import type { QueueConfig } from "./queue-config";

/**
 * Bulk operator actions. One job at a time per worker process: bulk jobs are long and touch many rows, and running
 * them one by one keeps them from starving deliveries of MySQL.
 */
export const bulkQueueConfig: QueueConfig = {
  name: queueNames.bulk,
  failure: "bulk job failed",
  options: { concurrency: 1 },
};
