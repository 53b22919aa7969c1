import type { Redis } from "ioredis";
import { logger } from "../logger";
import { createRedis } from "../redis";
import { taskEventsChannel } from "../tasks/events";

type Listener = (message: string) => void;

/**
 * One Redis subscription per web process, fanned out to every open event stream: a thousand open consoles
 * cost one Redis connection, not a thousand. Messages are passed on as the worker published them (JSON arrays).
 */
class TaskEventHub {
  private subscriber: Redis | null = null;
  private readonly listeners = new Set<Listener>();

  add(listener: Listener): () => void {
    this.listeners.add(listener);
    this.ensureSubscribed();
    return () => {
      this.listeners.delete(listener);
    };
  }

  private ensureSubscribed() {
    if (this.subscriber) return;
    // A blocking-style connection: it reconnects and re-subscribes by itself after Redis comes back.
    const sub = createRedis("blocking");
    sub.on("error", (err) => logger.warn({ err: String(err) }, "task event subscriber error"));
    sub.on("message", (_channel: string, message: string) => {
      for (const l of this.listeners) l(message);
    });
    sub.subscribe(taskEventsChannel()).catch((err) => logger.warn({ err: String(err) }, "task event subscribe failed"));
    this.subscriber = sub;
  }
}

const globalForHub = globalThis as unknown as { bidaTaskEventHub?: TaskEventHub };

export function getTaskEventHub(): TaskEventHub {
  globalForHub.bidaTaskEventHub ??= new TaskEventHub();
  return globalForHub.bidaTaskEventHub;
}
