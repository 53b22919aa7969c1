export const queueNames = {
  /** One job per attempt of a task; jobId `${taskId}_${n}` so the same attempt is never queued twice. */
  deliver: "deliver",
  /** Alert deliveries, with their own retries. */
  alert: "alert",
  /** Bulk operator actions by filter, run in the background with progress. */
  bulk: "bulk",
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];
