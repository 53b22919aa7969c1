import { and, gte, lt, sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Db } from "../db/client";
import { attempts } from "../db/schema/attempts";
import { redisKey } from "../redis";

export interface Bucket {
  /** Bucket start, epoch ms. */
  t: number;
  ok: number;
  failed: number;
}

export type BucketUnit = "minute" | "hour";
const unitMs: Record<BucketUnit, number> = { minute: 60_000, hour: 3_600_000 };
const cacheTtlS: Record<BucketUnit, number> = { minute: 3 * 3600, hour: 9 * 86_400 };

/**
 * An attempt is written when it ends, with the time it started: a bucket can still grow until the longest call
 * (60 s) plus the commit delay has passed. After that it never changes, so it is computed once and cached.
 */
export const settleMs = 2 * 60_000;

const cacheKey = (unit: BucketUnit) => redisKey("stats", "attempts", unit);

/**
 * Attempt counts (succeeded / failed) per minute or hour over [from, to), both aligned to the unit. Settled
 * buckets come from Redis when cached; only the missing ones are counted in MySQL, in one grouped range read.
 */
export async function attemptBuckets(deps: { db: Db; redis: Redis }, unit: BucketUnit, from: number, to: number, now = Date.now()): Promise<Bucket[]> {
  const size = unitMs[unit];
  const starts: number[] = [];
  for (let t = from; t < to; t += size) starts.push(t);
  if (starts.length === 0) return [];

  const cached = await deps.redis.hmget(cacheKey(unit), ...starts.map(String)).catch(() => starts.map(() => null));
  const known = new Map<number, Bucket>();
  starts.forEach((t, i) => {
    const v = cached[i];
    if (v) {
      const [ok, failed] = v.split(",").map(Number) as [number, number];
      known.set(t, { t, ok, failed });
    }
  });
  const missing = starts.filter((t) => !known.has(t));
  if (missing.length > 0) {
    const lo = missing[0]!;
    const hi = missing[missing.length - 1]! + size;
    const sizeS = size / 1000;
    const rows = await deps.db
      .select({
        b: sql<number>`FLOOR(UNIX_TIMESTAMP(${attempts.startedAt}) / ${sizeS})`,
        ok: sql<number>`SUM(${attempts.ok})`,
        n: sql<number>`COUNT(*)`,
      })
      .from(attempts)
      .where(and(gte(attempts.startedAt, new Date(lo)), lt(attempts.startedAt, new Date(hi))))
      .groupBy(sql`1`);
    const counted = new Map(rows.map((r) => [Number(r.b) * size, { ok: Number(r.ok), failed: Number(r.n) - Number(r.ok) }]));
    const toCache: Record<string, string> = {};
    for (const t of missing) {
      const c = counted.get(t) ?? { ok: 0, failed: 0 };
      known.set(t, { t, ...c });
      if (t + size + settleMs <= now) toCache[String(t)] = `${c.ok},${c.failed}`;
    }
    if (Object.keys(toCache).length > 0) {
      await deps.redis
        .multi()
        .hset(cacheKey(unit), toCache)
        .expire(cacheKey(unit), cacheTtlS[unit])
        .exec()
        .catch(() => undefined);
    }
  }
  return starts.map((t) => known.get(t)!);
}

export const floorTo = (t: number, unit: BucketUnit) => Math.floor(t / unitMs[unit]) * unitMs[unit];
export const unitSize = (unit: BucketUnit) => unitMs[unit];
