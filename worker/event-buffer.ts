import type { Redis } from "ioredis";
import { publishTaskEvents, type TaskEvent } from "@/lib/tasks/events";

/** Collects live "running" events for a few milliseconds and publishes them as one message. */
export function createEventBuffer(redis: Redis, flushMs = 20) {
  let buffer: TaskEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const events = buffer;
    buffer = [];
    void publishTaskEvents(redis, events);
  };
  return {
    push(event: TaskEvent) {
      buffer.push(event);
      timer ??= setTimeout(flush, flushMs);
    },
    flush,
  };
}
