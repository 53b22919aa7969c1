import { Redis } from "ioredis";

/**
 * Redis commands per task over one phase, read from the server's INFO commandstats (commands run inside Lua
 * scripts count one by one, so BullMQ's and the host gate's scripts show as what they do). The server is the
 * machine's shared one: the figures are only clean on an otherwise idle machine, as every bench figure is.
 */
export interface CommandCount {
  perTask: number;
  /** The commands that make up most of it, per task, biggest first. */
  top: Array<[command: string, perTask: number]>;
}

export function redisCommandMeter(url: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  return {
    /** Zeroes the server's counters; the next `read` counts from here. */
    async reset(): Promise<void> {
      await redis.config("RESETSTAT");
    },
    async read(tasks: number): Promise<CommandCount> {
      const info = await redis.info("commandstats");
      const counts = [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)]
        .map(([, command, calls]) => [command!, Number(calls) / tasks] as [string, number])
        // The meter's own INFO and CONFIG calls are not the phase's.
        .filter(([command]) => command !== "info" && !command.startsWith("config"))
        .sort((a, b) => b[1] - a[1]);
      const perTask = counts.reduce((sum, [, n]) => sum + n, 0);
      return { perTask: round(perTask), top: counts.slice(0, 8).map(([c, n]) => [c, round(n)]) };
    },
    close: () => redis.quit().then(() => undefined, () => undefined),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
