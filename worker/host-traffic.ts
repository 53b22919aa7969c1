import type { RedisClient } from "../lib/redis";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import type { AttemptOutcome } from "@/lib/delivery/make-attempt";
import { env } from "@/lib/env";
import { blamesHost } from "@/lib/hosts/blame";
import { hostEventsChannel } from "@/lib/hosts/host-events";
import { createHostGate, hostKeys, type CircuitEvent, type GateDecision } from "@/lib/hosts/host-gate";
import { hostKey } from "@/lib/hosts/host-key";
import { logger } from "@/lib/logger";
import { noteOutage } from "@/lib/outage-log";
import type { WorkerMetrics } from "@/lib/metrics/worker-metrics";
import type { DeliveryQueue } from "@/lib/queue/delivery-queue";

export interface Entry {
  host: string;
  token: string;
}

export interface HostTraffic {
  /** Asks the task's host for a call: an entry to leave by, or why to wait and until when (ms). */
  enter(url: string, jobId: string): Promise<{ entry: Entry; probe: boolean } | { wait: Exclude<GateDecision, { granted: true }> }>;
  /** The call is over; frees its slot, feeds the breaker, wakes the jobs that may go now. Never throws. */
  leave(entry: Entry, taskId: string, outcome: AttemptOutcome | null): void;
  /** Whether the task's host has a free slot now (see HostGate.hasRoom). */
  hasRoom(url: string): Promise<boolean>;
  /**
   * For a call the cap held back: waits in memory for one of this worker's calls to the host to end — but only while
   * the host answers quickly (its recent calls here took under FAST_HOST_MS), and for a short while at
   * most (MAX_LOCAL_WAIT_MS). True when a call ended: ask the gate again. False: defer the job as usual.
   */
  waitForRoom(url: string): Promise<boolean>;
  close(): void;
}

let tokens = 0;

/**
 * A host whose calls here end within this on average is worth waiting for in memory: a freed slot comes within
 * milliseconds, while deferring through MySQL and BullMQ's delayed set costs a commit and three Redis scripts. A
 * backlog to one fast host, with the cap below the worker's concurrency, made 26,000-31,600 deferrals of 20,000
 * tasks and halved delivery (bench, caps phase) before this.
 */
const FAST_HOST_MS = 200;
const MAX_LOCAL_WAIT_MS = 250;
const UNTIMED_WAIT_MS = 20;

/**
 * The worker's side of lib/hosts/host-gate.ts: it holds the calls in flight (renewing their slots so they do not
 * lapse while a slow call runs), promotes the jobs a freed slot or a closed circuit lets go, and announces every
 * circuit change — live on Redis, in the audit log, in the metrics.
 */
export function createHostTraffic(deps: { redis: RedisClient; db: Db; queue: DeliveryQueue; metrics: WorkerMetrics }): HostTraffic {
  const gate = createHostGate(deps.redis);
  const open = new Map<string, Set<string>>();
  // A third of the lapse time: two renewals may fail before a running call's slot lapses.
  const renewal = setInterval(() => {
    for (const [host, held] of open) void gate.renew(host, [...held]).catch(() => undefined);
  }, Math.max(1_000, env.hosts.slotLapseMs / 3));
  renewal.unref();

  const announce = async (host: string, event: CircuitEvent, probeAt: number) => {
    deps.metrics.circuitChanges.inc({ host, change: event });
    const at = Date.now();
    logger.warn({ host, event, probeAt: probeAt || undefined }, `circuit ${event}`);
    await Promise.allSettled([
      deps.redis.publish(hostEventsChannel(), JSON.stringify({ host, event, at, probeAt: probeAt || null })),
      recordAudit(deps.db, { actor: "system", action: `host.circuit_${event}`, objectType: "host", objectId: host, details: probeAt ? { probeAt: new Date(probeAt).toISOString() } : null }),
    ]);
  };

  const promote = async (jobIds: string[]) => {
    await Promise.all(jobIds.map(async (id) => (await deps.queue.getJob(id))?.promote().catch(() => undefined)));
  };

  // Wakes the first of these waiters that still sleeps in the delayed set for the next trial; ids whose job has
  // gone (its task ended) leave the host's waiting set. After a reopen the trial may be due after the job's time in
  // MySQL; the sweeper then finds it overdue and sends it to the gate, which defers it again with the right time.
  const wakeAt = async (host: string, jobIds: string[], at: number) => {
    for (const id of jobIds) {
      const job = await deps.queue.getJob(id);
      if (job && (await job.isDelayed())) {
        await job.changeDelay(Math.max(0, at - Date.now())).catch(() => undefined);
        return;
      }
      await deps.redis.zrem(hostKeys(host).waiting, id);
    }
  };

  // Per host: the average duration of this worker's recent calls, and the jobs waiting here for one of them to end.
  const pace = new Map<string, number>();
  const waiters = new Map<string, Array<() => void>>();
  const ended = (host: string, durationMs: number | null) => {
    if (durationMs !== null) pace.set(host, 0.8 * (pace.get(host) ?? durationMs) + 0.2 * durationMs);
    const next = waiters.get(host)?.shift();
    if (next) next();
  };

  return {
    async waitForRoom(url) {
      const host = hostKey(url);
      // A host not yet timed here is waited for while this worker has calls to it open: the first of them to end
      // says how fast it is. That spares a worker's first wave of jobs to a fast host from being deferred at all.
      const ms = pace.get(host);
      const untimed = ms === undefined && (open.get(host)?.size ?? 0) > 0;
      if (!untimed && (ms === undefined || ms >= FAST_HOST_MS)) return false;
      return new Promise<boolean>((resolve) => {
        const list = waiters.get(host) ?? [];
        waiters.set(host, list);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          const i = list.indexOf(wake);
          if (i >= 0) list.splice(i, 1);
          resolve(false);
          // Briefly for an untimed host: a host that never answers must not hold call slots while it is learnt.
        }, untimed ? UNTIMED_WAIT_MS : MAX_LOCAL_WAIT_MS);
        list.push(wake);
      });
    },
    async enter(url, jobId) {
      const host = hostKey(url);
      const token = `${jobId}.${process.pid}.${++tokens}`;
      const decision = await gate.acquire(host, token, jobId);
      if (!decision.granted) return { wait: decision };
      let held = open.get(host);
      if (!held) open.set(host, (held = new Set()));
      held.add(token);
      return { entry: { host, token }, probe: decision.probe };
    },
    leave(entry, taskId, outcome) {
      const held = open.get(entry.host);
      held?.delete(entry.token);
      if (held?.size === 0) open.delete(entry.host);
      // No outcome (the call threw inside Bida): free the slot without telling the breaker anything.
      const verdict = outcome === null ? "none" : blamesHost(outcome) ? "host" : "up";
      void (async () => {
        const call = outcome ? { ok: outcome.ok, durationMs: outcome.durationMs } : undefined;
        const result = await gate.release(entry.host, entry.token, verdict, taskId, call);
        // The slot is free in Redis now: a job waiting here for it may ask again.
        ended(entry.host, outcome ? outcome.durationMs : null);
        if (result.event) await announce(entry.host, result.event, result.probeAt);
        if (result.event === "opened" || result.event === "reopened") await wakeAt(entry.host, result.promote, result.probeAt);
        else if (result.promote.length > 0) await promote(result.promote);
      })().catch((err: Error) => {
        if (!noteOutage(err, "host gate releases left to lapse")) logger.warn({ host: entry.host, err: err.message }, "host gate release failed; the slot lapses by itself");
      });
    },
    hasRoom(url) {
      return gate.hasRoom(hostKey(url));
    },
    close() {
      clearInterval(renewal);
    },
  };
}
