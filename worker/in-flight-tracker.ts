import type { RedisClient } from "../lib/redis";
import type { Task } from "@/lib/db/schema/tasks";
import { logger } from "@/lib/logger";
import { inFlightKey, IN_FLIGHT_MARGIN_MS } from "@/lib/tasks/in-flight";
import { taskEventsChannel, taskEventsMessage, type TaskEvent } from "@/lib/tasks/events";
import { activeStatuses, type ActiveStatus } from "@/lib/tasks/lifecycle/statuses";

type Started = { id: string; status: ActiveStatus; deadline: number; event: TaskEvent };

export interface InFlightTracker {
  /** A call of this task is about to be made. */
  start(task: Task): void;
  /** The attempt is over (recorded or not). */
  finish(task: Task): void;
  /** Sends what is pending now (at shutdown). */
  flush(): Promise<void>;
}

/**
 * The worker's side of the live-only `running` status (lib/tasks/in-flight.ts): for a few milliseconds it collects
 * the attempts that start and end, then sends them as one pipeline — ZADDs and ZREMs on the in-flight sets and
 * one PUBLISH of the `running` events. An attempt that starts and ends within one flush is never sent at all, and
 * since one connection carries every flush in order, a ZREM never overtakes its ZADD.
 */
export function createInFlightTracker(redis: RedisClient, flushMs = 20): InFlightTracker {
  let started = new Map<string, Started>();
  let finished: Array<{ id: string; status: ActiveStatus }> = [];
  // Calls per task in this process: after a cancel and a retry, the old call may still be open beside the new one,
  // and the first to end must not take the task out of the set while the other still runs.
  const open = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  const flush = async () => {
    timer = null;
    if (started.size === 0 && finished.length === 0) return;
    const adds = [...started.values()];
    const removes = finished;
    started = new Map();
    finished = [];
    // One ZADD and one ZREM per status for the whole flush: Redis' cost is mostly per command, not per member.
    const pipeline = redis.pipeline();
    for (const status of activeStatuses) {
      const add = adds.filter((a) => a.status === status).flatMap((a) => [a.deadline, a.id]);
      if (add.length > 0) pipeline.zadd(inFlightKey(status), ...add);
      const remove = removes.filter((r) => r.status === status).map((r) => r.id);
      if (remove.length > 0) pipeline.zrem(inFlightKey(status), ...remove);
    }
    if (adds.length > 0) pipeline.publish(taskEventsChannel(), taskEventsMessage(adds.map((a) => a.event)));
    // Liveness only: a lost flush leaves entries that expire by their score, and the next status event corrects the board.
    await pipeline.exec().catch((err: Error) => logger.debug({ err: err.message }, "in-flight flush failed"));
  };
  const schedule = () => {
    timer ??= setTimeout(() => void flush(), flushMs);
  };

  return {
    start(task) {
      open.set(task.id, (open.get(task.id) ?? 0) + 1);
      const status = task.status as ActiveStatus;
      const now = Date.now();
      started.set(task.id, { id: task.id, status, deadline: now + task.timeoutMs + IN_FLIGHT_MARGIN_MS, event: { id: task.id, status: "running", attempts: task.attempts, at: now } });
      schedule();
    },
    finish(task) {
      const calls = (open.get(task.id) ?? 1) - 1;
      if (calls > 0) {
        open.set(task.id, calls);
        return;
      }
      open.delete(task.id);
      // Not sent yet: nobody saw it start, so nobody needs to see it end.
      if (started.delete(task.id)) return;
      finished.push({ id: task.id, status: task.status as ActiveStatus });
      schedule();
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
}
