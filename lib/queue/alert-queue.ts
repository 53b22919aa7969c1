import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { z } from "zod";
import { taskAlertEvents } from "../db/schema/alert-channels";
import type { AppContext } from "../context";
import { env } from "../env";
import { createRedis } from "../redis";
import { queueNames } from "./names";
import { logQueueErrors } from "./log-queue-errors";

/** One task's alert held back by flood control, to be counted into the channel's next summary. */
export const foldEntrySchema = z.object({
  alertId: z.number().int(),
  taskId: z.string(),
  host: z.string(),
  event: z.enum(taskAlertEvents),
  /** When the alert was folded (ms), so the summary can say what span it covers. */
  at: z.number().optional(),
});
export type FoldEntry = z.infer<typeof foldEntrySchema>;

const taskAlertJob = z.object({
  kind: z.literal("alert"),
  channelId: z.number().int(),
  event: z.enum(taskAlertEvents),
  taskId: z.string().length(36),
  n: z.number().int().min(1),
  host: z.string(),
  // Set on the first run, so a retry sends the same logged alert instead of logging (or folding) it again.
  alertId: z.number().int().optional(),
  granted: z.boolean().optional(),
});

const summaryJob = z.object({
  kind: z.literal("summary"),
  channelId: z.number().int(),
  // Set once the summary has taken the folded alerts out of Redis, so a retry resends exactly those.
  entries: z.array(foldEntrySchema).optional(),
  alertId: z.number().int().optional(),
  window: z.string().optional(),
});

export const alertJobSchema = z.discriminatedUnion("kind", [taskAlertJob, summaryJob]);
export type AlertJob = z.infer<typeof alertJobSchema>;
export type TaskAlertJob = z.infer<typeof taskAlertJob>;
export type SummaryJob = z.infer<typeof summaryJob>;

// An alert's own retries: exponential from ALERT_BACKOFF_MS (2, 4, 8, 16, 32 s by default). Every try is
// in the alert log, so finished jobs need not stay in Redis.
export const alertJobOptions: JobsOptions = {
  attempts: env.alerts.attempts,
  backoff: { type: "exponential", delay: env.alerts.backoffMs },
  removeOnComplete: true,
  removeOnFail: { count: 1_000 },
};

// BullMQ refuses custom ids with ":", so the parts are joined with "_".
export const taskAlertJobId = (j: Pick<TaskAlertJob, "channelId" | "taskId" | "event" | "n">) => `a_${j.channelId}_${j.taskId}_${j.event}_${j.n}`;
export const summaryJobId = (channelId: number, window: string) => `s_${channelId}_${window}`;

export function createAlertQueue(connection: ConnectionOptions) {
  return logQueueErrors(new Queue<AlertJob>(queueNames.alert, { connection, prefix: env.redis.prefix, defaultJobOptions: alertJobOptions }));
}
export type AlertQueue = ReturnType<typeof createAlertQueue>;

const producers = new WeakMap<AppContext, AlertQueue>();

/** The alert queue's producer for a process context, made on first use (only the worker's alert hook needs one). */
export function alertQueueFor(ctx: AppContext): AlertQueue {
  let queue = producers.get(ctx);
  if (!queue) {
    queue = createAlertQueue(createRedis("command"));
    producers.set(ctx, queue);
  }
  return queue;
}

export async function closeAlertQueue(ctx: AppContext): Promise<void> {
  const queue = producers.get(ctx);
  producers.delete(ctx);
  await queue?.close();
}

// BullMQ runs jobs without a priority first: a summary due at its window's end must not wait behind the
// hundreds of task alerts a flood queues up (they are cheap, but they come first in FIFO order).
const taskAlertPriority = 10;

export async function enqueueTaskAlerts(queue: AlertQueue, jobs: Omit<TaskAlertJob, "kind">[]): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(jobs.map((j) => ({ name: "alert", data: { kind: "alert", ...j }, opts: { jobId: taskAlertJobId(j), priority: taskAlertPriority } })));
}

/** One summary per channel and window: the id makes every fold into the same window share one job. */
export async function enqueueSummary(queue: AlertQueue, channelId: number, window: string, delayMs: number): Promise<void> {
  await queue.add("summary", { kind: "summary", channelId }, { jobId: summaryJobId(channelId, window), delay: Math.max(0, delayMs) });
}
