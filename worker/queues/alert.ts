import { env } from "@/lib/env";
import { queueNames } from "@/lib/queue/names";
import type { QueueConfig } from "./queue-config";

/** Alert sends: each waits on a chat platform, so many run at once (ALERT_CONCURRENCY). */
export const alertQueueConfig: QueueConfig = {
  name: queueNames.alert,
  failure: "alert not delivered",
  options: { concurrency: env.alerts.concurrency },
};
