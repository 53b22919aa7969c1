import type { Redis } from "ioredis";
import { z } from "zod";
import { redisKey } from "../redis";
import { taskStatuses } from "../db/schema/tasks";

/** Live status changes, published on Redis pub/sub for the console; never the source of truth. */
export const taskEventSchema = z.object({
  id: z.string(),
  status: z.enum(taskStatuses),
  attempts: z.number().int(),
  at: z.number(),
  statusCode: z.number().int().nullable().optional(),
  nextAttemptAt: z.number().nullable().optional(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

export const taskEventsChannel = () => redisKey("task-events");

/** Publishes many events in one round trip; a failure only costs liveness, so it is swallowed. */
export async function publishTaskEvents(redis: Redis, events: TaskEvent[]): Promise<void> {
  if (events.length === 0) return;
  // One message per batch, so a burst of 1,000 statuses costs one PUBLISH fan-out, not 1,000.
  await redis.publish(taskEventsChannel(), JSON.stringify(events)).catch(() => undefined);
}

export function parseTaskEvents(message: string): TaskEvent[] {
  const parsed = z.array(taskEventSchema).safeParse(JSON.parse(message));
  return parsed.success ? parsed.data : [];
}
