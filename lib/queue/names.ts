export const queueNames = {
  /** One job per attempt of a task (lib/queue/delivery-queue.ts). The Redis name stays "deliver" for existing queues. */
  delivery: "deliver",
  /** Alert deliveries, with their own retries. */
  alert: "alert",
  /** Bulk operator actions by filter, run in the background with progress. */
  bulk: "bulk",
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];
