import type { RedisClient } from "../redis";
import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { z } from "zod";
import { env } from "../env";
import { fairPriorities, flowOf, type Flow } from "./fair-share";
import { queueNames } from "./names";
import { logQueueErrors } from "./log-queue-errors";

/** One attempt of one task in one generation (lib/db/schema/tasks.ts: a retry starts a new generation). */
export const deliveryJobSchema = z.object({
  taskId: z.string().length(36),
  n: z.number().int().min(1),
  // Jobs queued before generations existed carry none: they belong to generation 0.
  g: z.number().int().min(0).default(0),
  /** The job's flow (`clientId:sourceApp`, lib/queue/fair-share.ts), and 1 when it was counted in its backlog. */
  f: z.string().optional(),
  c: z.literal(1).optional(),
});
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

/**
 * `taskId_n` (BullMQ forbids ":" in custom ids), with `_g` appended from the first retry on. The same attempt is
 * never queued twice, and a retry's job never collides with a job its task left behind before the retry, which
 * would otherwise make the retry's enqueue a no-op behind a job due at the old time. Generation 0 keeps the plain
 * form, so jobs queued before generations existed are still recognised.
 */
export const deliveryJobId = ({ taskId, n, g = 0 }: { taskId: string; n: number; g?: number }) => (g === 0 ? `${taskId}_${n}` : `${taskId}_${n}_${g}`);

// Job failures here are infrastructure faults (MySQL down): retry them a few times; the sweeper covers the rest.
export const deliveryJobOptions: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: "exponential", delay: 1_000 },
};

export function createDeliveryQueue(connection: ConnectionOptions) {
  return logQueueErrors(new Queue<DeliveryJob>(queueNames.delivery, { connection, prefix: env.redis.prefix, defaultJobOptions: deliveryJobOptions }));
}
export type DeliveryQueue = ReturnType<typeof createDeliveryQueue>;

/** An attempt to queue: which, for whom (the fair share), and when. */
export interface ScheduledDelivery {
  taskId: string;
  n: number;
  g: number;
  flow: Flow;
  runAt?: Date | null;
}

/**
 * Adds one job per delivery, each with its fair-share priority (lib/queue/fair-share.ts); a job already queued for
 * the same attempt is left as it is.
 */
export async function enqueueDeliveries(queue: DeliveryQueue, redis: RedisClient, deliveries: ScheduledDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const now = Date.now();
  const delays = deliveries.map((d) => (d.runAt ? Math.max(0, d.runAt.getTime() - now) : 0));
  const priorities = await fairPriorities(redis, deliveries.map((d, i) => ({ flow: d.flow, ready: delays[i] === 0 })));
  await queue.addBulk(
    deliveries.map(({ taskId, n, g, flow }, i) => ({
      name: "deliver",
      data: { taskId, n, g, f: flowOf(flow), ...(delays[i] === 0 ? { c: 1 as const } : {}) },
      opts: { jobId: deliveryJobId({ taskId, n, g }), delay: delays[i], priority: priorities[i] },
    })),
  );
}

/**
 * Makes each attempt due now: a delayed job is promoted (it may be due at a time MySQL no longer holds, as after a
 * run-now whose promote was lost), a missing one is added, a waiting or active one is left alone. Returns how many
 * jobs it added or promoted.
 */
export async function runDeliveriesNow(queue: DeliveryQueue, redis: RedisClient, deliveries: ScheduledDelivery[]): Promise<number> {
  const { requeued, promoted } = await repairDeliveries(queue, redis, deliveries);
  return requeued + promoted;
}

/** runDeliveriesNow, telling apart the jobs that were missing (queued again) from the delayed ones made due. */
export async function repairDeliveries(queue: DeliveryQueue, redis: RedisClient, deliveries: ScheduledDelivery[]): Promise<{ requeued: number; promoted: number }> {
  const missing: ScheduledDelivery[] = [];
  let promoted = 0;
  // Fifty state reads in flight at a time: enough to hide round trips without flooding Redis.
  for (let i = 0; i < deliveries.length; i += 50) {
    await Promise.all(
      deliveries.slice(i, i + 50).map(async (d) => {
        const id = deliveryJobId(d);
        const state = await queue.getJobState(id);
        if (state === "unknown") missing.push(d);
        else if (state === "delayed") {
          // Gone or already promoted meanwhile: either way it is no longer waiting for its old time.
          await (await queue.getJob(id))?.promote().catch(() => undefined);
          promoted++;
        }
      }),
    );
  }
  await enqueueDeliveries(queue, redis, missing);
  return { requeued: missing.length, promoted };
}

/** Removes the jobs of attempts that will not be made (a cancelled or resolved task's); a job being run is kept. */
export async function removeDeliveries(queue: DeliveryQueue, deliveries: Array<Pick<DeliveryJob, "taskId" | "n" | "g">>): Promise<void> {
  // A locked (active) job refuses removal; the worker finds its task final and skips it.
  await Promise.all(deliveries.map((d) => queue.remove(deliveryJobId(d)).catch(() => undefined)));
}
