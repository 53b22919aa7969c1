import type { RedisClient } from "../../lib/redis";
import { and, inArray, lte, sql } from "drizzle-orm";
import type { Db, Pool } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema/tasks";
import { hostKeys, knownHostsKey } from "@/lib/hosts/host-gate";
import type { Observation } from "@/lib/notify/self-alerts/decide";
import { readRequeued } from "@/lib/notify/self-alerts/requeue-note";
import { redisKey } from "@/lib/redis";
import { activeStatuses } from "@/lib/tasks/lifecycle/statuses";
import { withTimeout } from "@/lib/with-timeout";

// What each self-alert condition looks at. A check that cannot look (its store is down) throws: the condition
// keeps its state, and the store's own condition reports the outage.

/** bida.lag: how long the oldest due task (queued or retrying, its attempt time past) has waited. */
export async function checkLag(db: Db, lagMs: number, now = Date.now()): Promise<Observation> {
  const [row] = await db
    .select({ oldest: sql<Date | string | null>`min(${tasks.nextAttemptAt})` })
    .from(tasks)
    // Served by the (status, next_attempt_at) index: a range per status, its first entry.
    .where(and(inArray(tasks.status, activeStatuses), lte(tasks.nextAttemptAt, new Date(now))));
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  const waited = oldest === null ? 0 : Math.max(0, now - oldest);
  return { holds: waited > lagMs, value: waited, detail: `oldest due task waited ${Math.round(waited / 1000)} s` };
}

const backlogKey = () => redisKey("self-alerts", "backlog");

/**
 * bida.backlog: the open tasks, sampled at every check and kept in Redis (so the next lock holder goes on with the
 * same series). Growing means: the series over the last SELF_ALERT_BACKLOG_MINUTES, from the last sample before
 * that window, never fell and ends higher than it began. Null while the series is shorter than the window.
 */
export async function checkBacklog(db: Db, redis: RedisClient, opts: { windowMs: number; intervalMs: number }, now = Date.now()): Promise<Observation | null> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(tasks).where(inArray(tasks.status, activeStatuses));
  const open = Number(row?.n ?? 0);
  const keep = Math.ceil(opts.windowMs / Math.max(1, opts.intervalMs)) * 2 + 20;
  const [, , [, raw]] = (await redis.multi().rpush(backlogKey(), JSON.stringify([now, open])).ltrim(backlogKey(), -keep, -1).lrange(backlogKey(), 0, -1).exec()) as [unknown, unknown, [unknown, string[]]];
  const samples = raw.map((s) => JSON.parse(s) as [number, number]).filter(([at]) => at <= now).sort((a, b) => a[0] - b[0]);
  const start = now - opts.windowMs;
  let anchor = -1;
  for (let i = 0; i < samples.length; i++) if (samples[i]![0] <= start) anchor = i;
  if (anchor < 0) return null;
  const series = samples.slice(anchor);
  // A gap (no worker checked for a while) breaks the series: it does not show a steady rise.
  const maxGap = Math.max(3 * opts.intervalMs, 1_000);
  let rising = true;
  for (let i = 1; i < series.length; i++) {
    if (series[i]![1] < series[i - 1]![1] || series[i]![0] - series[i - 1]![0] > maxGap) rising = false;
  }
  const first = series[0]![1];
  return { holds: rising && open > first, value: open, detail: `${first.toLocaleString("en-US")} → ${open.toLocaleString("en-US")} open tasks` };
}

/** bida.circuit: every host called in the last day whose circuit is open (or half-open: its trial call is out). */
export async function checkCircuits(redis: RedisClient, now = Date.now()): Promise<Map<string, Observation>> {
  const hosts = await redis.zrangebyscore(knownHostsKey(), now - 24 * 3_600_000, "+inf");
  const out = new Map<string, Observation>();
  for (let i = 0; i < hosts.length; i += 200) {
    const chunk = hosts.slice(i, i + 200);
    const pipe = redis.pipeline();
    for (const host of chunk) pipe.hget(hostKeys(host).breaker, "state");
    const states = (await pipe.exec()) ?? [];
    chunk.forEach((host, j) => {
      const state = states[j]?.[1] as string | null;
      out.set(host, { holds: state === "open" || state === "half-open", detail: host });
    });
  }
  return out;
}

/** bida.requeue: the sweeper queued again, within the quiet time, tasks that had no job (requeue-note.ts). */
export async function checkRequeue(redis: RedisClient, quietMs: number, now = Date.now()): Promise<Observation> {
  const note = await readRequeued(redis);
  const recent = note.lastAt > 0 && now - note.lastAt < quietMs;
  return { holds: recent, value: note.total, detail: `the last sweep found ${note.lastCount} without a job` };
}

/** bida.store_down: one round trip; its error in a few words (no address book, no SQL). */
export async function probeMysql(pool: Pool, timeoutMs: number): Promise<string | null> {
  try {
    await withTimeout(pool.query("SELECT 1"), timeoutMs, "MySQL");
    return null;
  } catch (err) {
    return shortError(err);
  }
}

export async function probeRedis(redis: RedisClient, timeoutMs: number): Promise<string | null> {
  try {
    await withTimeout(redis.ping(), timeoutMs, "Redis");
    return null;
  } catch (err) {
    return shortError(err);
  }
}

const shortError = (err: unknown) => ((err as { code?: string }).code ?? (err as Error).message ?? String(err)).slice(0, 200);
