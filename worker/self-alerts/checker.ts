import { hostname } from "node:os";
import type { AppContext } from "@/lib/context";
import type { AlertChannel, SelfAlertEvent } from "@/lib/db/schema/alert-channels";
import type { Pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { hostEventsChannel } from "@/lib/hosts/host-events";
import { logger } from "@/lib/logger";
import { getAlertAgent } from "@/lib/notify/alert-agent";
import { enabledChannelsOrLastKnown } from "@/lib/notify/channel-cache";
import { conditionKinds, kindOf, noticeHeadline } from "@/lib/notify/self-alerts/conditions";
import { decide, type Observation } from "@/lib/notify/self-alerts/decide";
import type { SelfNotice } from "@/lib/notify/self-alerts/message";
import { sendSelfAlerts } from "@/lib/notify/self-alerts/send-self-alerts";
import { createStateStore } from "@/lib/notify/self-alerts/state-store";
import { createRedis, redisKey } from "@/lib/redis";
import { createRedlock } from "@/lib/redis-lock";
import { withTimeout } from "@/lib/with-timeout";
import { checkBacklog, checkCircuits, checkLag, checkRequeue, probeMysql, probeRedis } from "./checks";

type Observations = Map<string, Observation | null>;

// Per database, so deployments (or test suites) sharing one MySQL server do not meet.
const LOCK_NAME = "CONCAT('bida-self-alerts-redis:', MD5(DATABASE()))";

/**
 * Checks Bida's own health every SELF_ALERT_INTERVAL_MS and tells the channels that chose a bida.* event when a
 * condition starts and when it ends. Each condition is judged by one worker at a time: the Redis condition under a
 * MySQL named lock (Redis being the outage it reports), every other one under a Redis lock. A store that cannot
 * hold a lock is down, and then each worker that sees it judges on its own: a duplicate is better than silence.
 */
export function startSelfAlertChecker(ctx: AppContext, opts = env.selfAlerts) {
  const worker = `${hostname()}#${process.pid}`;
  const redlock = createRedlock(ctx.redis, { retryCount: 0 });
  const lockKey = redisKey("self-alerts-lock");
  // Extended while a check runs (its sends may be retried against a slow platform) and released when it ends, so a
  // killed holder blocks the others for this long at most.
  const lockMs = Math.max(opts.intervalMs * 3, 2_000);
  const store = createStateStore(ctx.redis, opts.probeTimeoutMs);
  const deps = { db: ctx.db, agent: getAlertAgent(), worker };
  const t = opts.probeTimeoutMs;
  let watching = false;

  /** Judges a group of conditions: loads their states, decides, sends, saves — all under the caller's lock. */
  const judge = async (channels: AlertChannel[], observe: (names: string[]) => Promise<Observations>) => {
    const now = Date.now();
    const states = await store.load();
    const observed = await observe([...states.keys()]);
    const changed = new Map<string, ReturnType<typeof decide>["state"]>();
    const forget: string[] = [];
    const notices = new Map<SelfAlertEvent, SelfNotice[]>();
    for (const [name, obs] of observed) {
      if (!obs) continue;
      const kind = conditionKinds[kindOf(name)];
      const prev = states.get(name);
      // Hosts whose circuit never opened are not worth a state each.
      if (!prev && !obs.holds && kindOf(name) === "circuit") continue;
      const { state, notice } = decide(prev, obs, now, { graceMs: kind.graceMs(), windowMs: opts.windowMs });
      if (notice) {
        const list = notices.get(kind.event) ?? [];
        list.push({ condition: name, state: notice.kind, headline: noticeHeadline(name, notice), since: notice.since });
        notices.set(kind.event, list);
      }
      const over = !state.active && state.rawSince === null && state.told !== "started" && now - state.startedAt >= opts.windowMs;
      if (kindOf(name) === "circuit" && over) forget.push(name);
      else changed.set(name, state);
    }
    for (const [event, list] of notices) {
      logger.warn({ event, notices: list.map((n) => n.headline) }, "self-alert");
      await sendSelfAlerts(deps, channels, event, list);
    }
    // Saved after the sends: a worker that dies mid-send leaves them to the next check (sent again, not lost).
    await store.save(changed);
    await store.forget(forget);
  };

  const tick = async () => {
    const [mysqlErr, redisErr] = await Promise.all([probeMysql(ctx.pool, t), probeRedis(ctx.redis, t)]);
    // No channel list read yet (started while MySQL was down): nobody to tell, and nothing marked as told.
    const channels = await withTimeout(enabledChannelsOrLastKnown(ctx.db), t, "channels").catch(() => null);
    if (!channels) return;
    if (!watching) {
      watching = true;
      logger.info({ channels: channels.filter((c) => c.events.some((e) => e.startsWith("bida."))).length }, "self-alert checker has its channel list");
    }

    await withMysqlLock(ctx.pool, mysqlErr === null, t, () =>
      judge(channels, async () => new Map([["redis", { holds: redisErr !== null, detail: `${worker} (${redisErr})` }]])),
    );

    if (redisErr !== null) return;
    let held = false;
    await redlock
      .using([lockKey], lockMs, async () => {
        held = true;
        await judge(channels, (known) => observeWithRedis(ctx, opts, worker, mysqlErr, known));
      })
      .catch((err: Error) => {
        if (held) throw err; // not taken: another worker checks this round
      });
  };

  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  const run = () => {
    timer = null;
    running = tick()
      .catch((err: Error) => logger.warn({ err: err.message }, "self-alert check failed; retrying next interval"))
      .finally(() => {
        running = null;
        schedule(opts.intervalMs);
      });
  };
  const schedule = (ms: number) => {
    if (stopped || running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  schedule(Math.min(opts.intervalMs, 1_000));

  // A circuit change is checked at once rather than at the next interval (any worker may hold the lock then).
  const events = createRedis("blocking");
  void events.subscribe(hostEventsChannel()).catch(() => undefined);
  events.on("message", () => schedule(50));

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      events.disconnect();
    },
  };
}

async function observeWithRedis(ctx: AppContext, opts: typeof env.selfAlerts, worker: string, mysqlErr: string | null, known: string[]): Promise<Observations> {
  const out: Observations = new Map();
  out.set("mysql", { holds: mysqlErr !== null, detail: `${worker} (${mysqlErr})` });
  const t = opts.probeTimeoutMs;
  // Without MySQL, lag and backlog cannot be looked at: they keep their state until it is back.
  if (mysqlErr === null) {
    out.set("lag", await withTimeout(checkLag(ctx.db, opts.lagMs), t, "lag").catch(() => null));
    out.set("backlog", await withTimeout(checkBacklog(ctx.db, ctx.redis, { windowMs: opts.backlogMs, intervalMs: opts.intervalMs }), t, "backlog").catch(() => null));
  }
  out.set("requeue", await withTimeout(checkRequeue(ctx.redis, opts.requeueQuietMs), t, "requeue").catch(() => null));
  const circuits = await withTimeout(checkCircuits(ctx.redis), t, "circuits").catch(() => null);
  if (circuits) {
    for (const [host, obs] of circuits) out.set(`circuit:${host}`, obs);
    // A host no longer listed (not called for a day) has no open circuit.
    for (const name of known) if (name.startsWith("circuit:") && !out.has(name)) out.set(name, { holds: false, detail: name.slice(8) });
  }
  return out;
}

/**
 * Runs `fn` holding a MySQL named lock (per database, so suites sharing one server do not meet). Without MySQL there
 * is no one to agree with, and `fn` runs anyway.
 */
async function withMysqlLock(pool: Pool, mysqlUp: boolean, timeoutMs: number, fn: () => Promise<void>): Promise<void> {
  if (!mysqlUp) return fn();
  const conn = await withTimeout(pool.getConnection(), timeoutMs, "MySQL").catch(() => null);
  if (!conn) return fn();
  try {
    // MySQL 8 refuses lock names over 64 characters (MariaDB does not): a database name's MD5 keeps it at 55.
    const [rows] = await conn.query(`SELECT GET_LOCK(${LOCK_NAME}, 0) AS got`);
    if (Number((rows as Array<{ got: number | null }>)[0]?.got) !== 1) return;
    try {
      await fn();
    } finally {
      await conn.query(`DO RELEASE_LOCK(${LOCK_NAME})`).catch(() => undefined);
    }
  } finally {
    conn.release();
  }
}
