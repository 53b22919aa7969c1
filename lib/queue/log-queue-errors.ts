import type { Queue } from "bullmq";
import { logger } from "../logger";
import { noteOutage } from "../outage-log";

/**
 * A BullMQ Queue with no "error" listener prints every Redis connection error to stderr, a line per retry while
 * Redis is down; with this one they go to the outage log, and any other error to the log once each.
 */
export function logQueueErrors<Q extends Queue>(queue: Q): Q {
  queue.on("error", (err: Error) => {
    if (!noteOutage(err, "queue connection errors")) logger.warn({ queue: queue.name, err: err.message }, "queue error");
  });
  return queue;
}
