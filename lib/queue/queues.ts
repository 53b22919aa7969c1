import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { env } from "../env";
import { deliverJobId, type DeliverJob } from "./jobs";
import { queueNames } from "./names";

// Job failures here are infrastructure faults (MySQL down): retry them a few times; the sweeper covers the rest.
export const deliverJobOptions: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: "exponential", delay: 1_000 },
};

export function createDeliverQueue(connection: ConnectionOptions) {
  return new Queue<DeliverJob>(queueNames.deliver, { connection, prefix: env.redis.prefix, defaultJobOptions: deliverJobOptions });
}
export type DeliverQueue = ReturnType<typeof createDeliverQueue>;

export interface ScheduledDelivery extends DeliverJob {
  runAt?: Date | null;
}

/** Adds one job per delivery; a job already queued for the same attempt is left as it is. */
export async function enqueueDeliveries(queue: DeliverQueue, deliveries: ScheduledDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const now = Date.now();
  await queue.addBulk(
    deliveries.map(({ taskId, n, runAt }) => ({
      name: "deliver",
      data: { taskId, n },
      opts: { jobId: deliverJobId({ taskId, n }), delay: runAt ? Math.max(0, runAt.getTime() - now) : 0 },
    })),
  );
}
