import { logger } from "../logger";
import { noteOutage } from "../outage-log";
import { createRedis, type RedisClient } from "../redis";
import { taskEventsChannel } from "../tasks/events";

type Listener = (message: string) => void;
type Closer = () => void;

/**
 * One Redis subscription per web process, fanned out to every open event stream: a thousand open consoles
 * cost one Redis connection, not a thousand. Messages are passed on as the worker published them (JSON arrays).
 */
class TaskEventHub {
  private subscriber: RedisClient | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly closers = new Set<Closer>();
  /** Open streams per user: each holds a socket and a buffer, so one user (or a script with their cookie) gets a few. */
  private readonly perOwner = new Map<number, number>();
  private signalsHooked = false;
  /** Set once the server is stopping: new streams are refused, so a reconnecting browser cannot hold it open. */
  stopping = false;

  /** `onShutdown` ends the stream when the server stops, so browsers reconnect to the next instance. */
  add(listener: Listener, onShutdown: Closer, owner?: number): () => void {
    this.listeners.add(listener);
    this.closers.add(onShutdown);
    if (owner !== undefined) this.perOwner.set(owner, (this.perOwner.get(owner) ?? 0) + 1);
    this.ensureSubscribed();
    this.hookSignals();
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.listeners.delete(listener);
      this.closers.delete(onShutdown);
      if (owner !== undefined) {
        const left = (this.perOwner.get(owner) ?? 1) - 1;
        if (left > 0) this.perOwner.set(owner, left);
        else this.perOwner.delete(owner);
      }
    };
  }

  /** Streams open for this user in this process. */
  openFor(owner: number): number {
    return this.perOwner.get(owner) ?? 0;
  }

  /**
   * The web server stops by closing its HTTP server, which waits for every open response: an event stream never
   * ends by itself, so without this the server would never stop. The server's own handler (server.ts) exits.
   */
  private hookSignals() {
    if (this.signalsHooked) return;
    this.signalsHooked = true;
    const closeAll = () => {
      this.stopping = true;
      for (const close of [...this.closers]) close();
      this.subscriber?.disconnect();
    };
    process.once("SIGTERM", closeAll);
    process.once("SIGINT", closeAll);
  }

  private ensureSubscribed() {
    if (this.subscriber) return;
    // A blocking-style connection: it reconnects and re-subscribes by itself after Redis comes back.
    const sub = createRedis("blocking");
    sub.on("error", (err) => {
      if (!noteOutage(err, "live-event reconnects")) logger.warn({ err: String(err) }, "task event subscriber error");
    });
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
