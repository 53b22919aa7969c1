import type { RedisClient } from "../redis";
import { sql } from "drizzle-orm";
import type { AppContext } from "../context";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { targetHosts, type TargetHost } from "../db/schema/target-hosts";
import { logger } from "../logger";
import { withTimeout } from "../with-timeout";
import { hostKeys } from "./host-gate";

export type HostChange = { action: "pause" } | { action: "resume" } | { action: "cap"; maxInFlight: number | null };

/**
 * An operator's change to one target host: written to MySQL (target_hosts, which survives restarts and an emptied
 * Redis) with its audit entry in one transaction, then copied into the gate's settings in Redis. A resume or a
 * raised cap wakes the jobs waiting at the host at once. If Redis does not answer, the change is still committed
 * and the sweeper copies it within one round (syncHostSettings).
 */
export async function changeHost(ctx: AppContext, host: string, change: HostChange, actor: string): Promise<TargetHost> {
  const values =
    change.action === "cap" ? { maxInFlight: change.maxInFlight } : { paused: change.action === "pause" };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(targetHosts)
      .values({ host, ...values, updatedBy: actor })
      .onDuplicateKeyUpdate({ set: { ...values, updatedBy: actor, updatedAt: sql`CURRENT_TIMESTAMP(3)` } });
    await recordAudit(tx, { actor, action: `host.${change.action}`, objectType: "host", objectId: host, details: change.action === "cap" ? { maxInFlight: change.maxInFlight } : null });
  });
  const [row] = await ctx.db.select().from(targetHosts).where(sql`${targetHosts.host} = ${host}`);
  await withTimeout(copyToGate(ctx.redis, row!), 2_000, "host settings").catch((err: Error) =>
    logger.warn({ host, err }, "host settings not copied to Redis; the sweeper will"),
  );
  if (change.action !== "pause") await wakeWaiting(ctx, host).catch(() => undefined);
  return row!;
}

/** The gate's copy of one host's settings: fields set, or removed for the defaults. */
async function copyToGate(redis: RedisClient, row: TargetHost): Promise<void> {
  const key = hostKeys(row.host).settings;
  const pipeline = redis.pipeline();
  if (row.paused) pipeline.hset(key, "paused", "1");
  else pipeline.hdel(key, "paused");
  if (row.maxInFlight !== null) pipeline.hset(key, "cap", String(row.maxInFlight));
  else pipeline.hdel(key, "cap");
  const replies = (await pipeline.exec()) ?? [];
  for (const [err] of replies) if (err) throw err;
}

/** Promotes every job waiting at the host; the gate sorts out which may call now. */
async function wakeWaiting(ctx: AppContext, host: string): Promise<void> {
  const ids = await ctx.redis.zrange(hostKeys(host).waiting, "0", "-1");
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(ids.slice(i, i + 50).map(async (id) => (await ctx.deliveryQueue.getJob(id))?.promote().catch(() => undefined)));
  }
}

/** Copies every host's settings from MySQL into Redis: the sweeper's repair after an emptied Redis or a lost write. */
export async function syncHostSettings(db: Db, redis: RedisClient): Promise<number> {
  const rows = await db.select().from(targetHosts);
  await Promise.all(rows.map((r) => copyToGate(redis, r)));
  return rows.length;
}
