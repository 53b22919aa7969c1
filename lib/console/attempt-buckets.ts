import { and, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { attempts } from "../db/schema/attempts";
import { logger } from "../logger";
import { type RedisClient, redisKey } from "../redis";

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
 * (60 s) plus the commit delay has passed. After that it never changes, so it is counted once and cached.
 */
export const settleMs = 2 * 60_000;

/** A missing stretch estimated above this many attempts is counted in the background, not during the request. */
const inlineRowLimit = 100_000;

const cacheKey = (unit: BucketUnit) => redisKey("stats", "attempts", unit);
const fillLockKey = (unit: BucketUnit) => redisKey("stats", "filling", unit);
const filling = new Set<BucketUnit>();

type Deps = { db: Db; redis: RedisClient };

const rangeWhere = (lo: number, hi: number) => and(gte(attempts.startedAt, new Date(lo)), lt(attempts.startedAt, new Date(hi)));

/** Attempts per bucket over [lo, hi), read from the (started_at, ok) index alone. */
async function countBuckets(db: Db, unit: BucketUnit, lo: number, hi: number): Promise<Map<number, { ok: number; failed: number }>> {
  const size = unitMs[unit];
  const rows = await db
    .select({
      b: sql<number>`FLOOR(UNIX_TIMESTAMP(${attempts.startedAt}) / ${size / 1000})`,
      ok: sql<number>`SUM(${attempts.ok})`,
      n: sql<number>`COUNT(*)`,
    })
    .from(attempts)
    .where(rangeWhere(lo, hi))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [Number(r.b) * size, { ok: Number(r.ok), failed: Number(r.n) - Number(r.ok) }]));
}

async function estimateRows(db: Db, lo: number, hi: number): Promise<number> {
  const [plan] = (await db.execute(sql`EXPLAIN SELECT 1 FROM ${attempts} WHERE ${rangeWhere(lo, hi)}`)) as unknown as [{ rows: number | null }[]];
  return Number(plan[0]?.rows ?? 0);
}

/** Counts the buckets and caches the settled ones; returns the counts. */
async function fill(deps: Deps, unit: BucketUnit, starts: number[], now: number) {
  const size = unitMs[unit];
  const counted = await countBuckets(deps.db, unit, starts[0]!, starts[starts.length - 1]! + size);
  const result = new Map<number, Bucket>();
  const toCache: Record<string, string> = {};
  for (const t of starts) {
    const c = counted.get(t) ?? { ok: 0, failed: 0 };
    result.set(t, { t, ...c });
    if (t + size + settleMs <= now) toCache[String(t)] = `${c.ok},${c.failed}`;
  }
  if (Object.keys(toCache).length > 0) {
    await deps.redis.multi().hset(cacheKey(unit), toCache).expire(cacheKey(unit), cacheTtlS[unit]).exec().catch(() => undefined);
  }
  return result;
}

/** Counts a large missing stretch after the request has been answered; one process at a time does it. */
function fillInBackground(deps: Deps, unit: BucketUnit, starts: number[], now: number): void {
  if (filling.has(unit)) return;
  filling.add(unit);
  void (async () => {
    const locked = await deps.redis.set(fillLockKey(unit), "1", "EX", 120, "NX").catch(() => null);
    if (locked !== "OK") return;
    const t = performance.now();
    try {
      await fill(deps, unit, starts, now);
      logger.info({ unit, buckets: starts.length, ms: Math.round(performance.now() - t) }, "delivery chart history counted");
    } finally {
      await deps.redis.del(fillLockKey(unit)).catch(() => undefined);
    }
  })()
    .catch((err) => logger.warn({ err, unit }, "counting the delivery chart history failed"))
    .finally(() => filling.delete(unit));
}

/**
 * Attempt counts (succeeded / failed) per minute or hour over [from, to), both aligned to the unit. Settled
 * buckets come from Redis once counted. Missing ones are counted now when that is cheap (the recent few, or an
 * estimated few thousand attempts); a large missing stretch (a cold cache over a big table) is counted in the
 * background and the answer says `pending`, so no request waits for it.
 */
export async function attemptBuckets(deps: Deps, unit: BucketUnit, from: number, to: number, now = Date.now()): Promise<{ buckets: Bucket[]; pending: boolean }> {
  const size = unitMs[unit];
  const starts: number[] = [];
  for (let t = from; t < to; t += size) starts.push(t);
  if (starts.length === 0) return { buckets: [], pending: false };

  const cached = await deps.redis.hmget(cacheKey(unit), ...starts.map(String)).catch(() => starts.map(() => null));
  const known = new Map<number, Bucket>();
  starts.forEach((t, i) => {
    const v = cached[i];
    if (!v) return;
    const [ok, failed] = v.split(",").map(Number) as [number, number];
    known.set(t, { t, ok, failed });
  });

  let pending = false;
  const missing = starts.filter((t) => !known.has(t));
  const settled = missing.filter((t) => t + size + settleMs <= now);
  const recent = missing.filter((t) => t + size + settleMs > now);
  let inline = recent;
  if (settled.length > 0) {
    const rows = await estimateRows(deps.db, settled[0]!, settled[settled.length - 1]! + size);
    if (rows <= inlineRowLimit) inline = missing;
    else {
      pending = true;
      fillInBackground(deps, unit, settled, now);
    }
  }
  if (inline.length > 0) for (const [t, b] of await fill(deps, unit, inline, now)) known.set(t, b);
  return { buckets: starts.map((t) => known.get(t) ?? { t, ok: 0, failed: 0 }), pending };
}

export const floorTo = (t: number, unit: BucketUnit) => Math.floor(t / unitMs[unit]) * unitMs[unit];
export const unitSize = (unit: BucketUnit) => unitMs[unit];
