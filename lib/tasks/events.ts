import { z } from "zod";
import { type RedisClient, redisKey } from "../redis";
import { liveStatuses } from "./lifecycle/statuses";

/** Live status changes, published on Redis pub/sub for the console; never the source of truth. */
export const taskEventSchema = z.object({
  id: z.string(),
  status: z.enum(liveStatuses),
  attempts: z.number().int(),
  at: z.number(),
  statusCode: z.number().int().nullable().optional(),
  nextAttemptAt: z.number().nullable().optional(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

export const taskEventsChannel = () => redisKey("task-events");

// One message per batch, so a burst of 1,000 statuses costs one PUBLISH fan-out, not 1,000.
export const taskEventsMessage = (events: TaskEvent[]) => JSON.stringify(events);

/** Publishes many events in one round trip. A failure only costs liveness; callers decide how to log it. */
export async function publishTaskEvents(redis: RedisClient, events: TaskEvent[]): Promise<void> {
  if (events.length === 0) return;
  await redis.publish(taskEventsChannel(), taskEventsMessage(events));
}
