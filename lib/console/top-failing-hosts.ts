import { desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { tasks } from "../db/schema/tasks";
import { type RedisClient, redisKey } from "../redis";
import { uuidV7Time } from "../tasks/uuid-time";

export interface FailingHost {
  host: string;
  failed: number;
  retrying: number;
  /** The task filter that lists exactly the tasks counted in each column (lib/console/overview-links.ts). */
  failedFilter: Record<string, string>;
  retryingFilter: Record<string, string>;
}

/** How far back the ranking looks: the newest tasks of each state, so the cost is bounded at any table size. */
export const failingSample = 2_000;
const cacheS = 15;

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
};

/** Target hosts with the most failed or retrying tasks, among the newest of each; cached for a few seconds. */
export async function getTopFailingHosts(deps: { db: Db; redis: RedisClient }, limit = 8): Promise<FailingHost[]> {
  const key = redisKey("stats", "failing-hosts");
  const cached = await deps.redis.get(key).catch(() => null);
  if (cached) return (JSON.parse(cached) as FailingHost[]).slice(0, limit);

  const newest = (status: "failed" | "retrying") =>
    deps.db.select({ id: tasks.id, url: tasks.url }).from(tasks).where(eq(tasks.status, status)).orderBy(desc(tasks.id)).limit(failingSample);
  const [failed, retrying] = await Promise.all([newest("failed"), newest("retrying")]);
  // A full sample is the newest tasks only: the link then starts where the sample does, so it counts the same.
  const filterFor = (status: "failed" | "retrying", host: string, sample: { id: string }[]) => {
    const f: Record<string, string> = { host, status };
    if (sample.length >= failingSample) f.from = uuidV7Time(sample[sample.length - 1]!.id).toISOString();
    return f;
  };
  const byHost = new Map<string, FailingHost>();
  const add = (url: string, k: "failed" | "retrying") => {
    const host = hostOf(url);
    const h = byHost.get(host) ?? { host, failed: 0, retrying: 0, failedFilter: filterFor("failed", host, failed), retryingFilter: filterFor("retrying", host, retrying) };
    h[k]++;
    byHost.set(host, h);
  };
  for (const r of failed) add(r.url, "failed");
  for (const r of retrying) add(r.url, "retrying");
  const ranked = [...byHost.values()].sort((a, b) => b.failed + b.retrying - (a.failed + a.retrying)).slice(0, 20);
  // An empty list is not kept: it costs nothing to find again, and a kept one would say "no failures" for 15 s
  // beside counters that already show the first failing task.
  if (ranked.length > 0) await deps.redis.set(key, JSON.stringify(ranked), "EX", cacheS).catch(() => undefined);
  return ranked.slice(0, limit);
}
