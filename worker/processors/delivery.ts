import { DelayedError, WaitingError, type Job } from "bullmq";
import type { Task } from "@/lib/db/schema/tasks";
import type { AttemptOutcome } from "@/lib/delivery/make-attempt";
import { deliveryJobSchema, type DeliveryJob } from "@/lib/queue/delivery-queue";
import { isActive } from "@/lib/tasks/lifecycle/statuses";
import { nextState } from "@/lib/tasks/next-state";
import { isExpired, notAfterExpiry } from "@/lib/tasks/expire-tasks";
import type { AttemptRecord } from "@/lib/tasks/record-attempts";
import type { Deferral } from "@/lib/tasks/defer-attempts";
import type { AttemptQuota } from "../attempt-quota";
import type { CallSlots } from "../call-slots";
import type { HostTraffic } from "../host-traffic";
import type { InFlightTracker } from "../in-flight-tracker";

export interface DeliveryDeps {
  loadTask: (id: string) => Promise<Task | null>;
  /** Calls the target and judges the answer; never throws (lib/delivery/make-attempt.ts). */
  attempt: (task: Task, n: number) => Promise<AttemptOutcome>;
  /** Resolves once the attempt's batch is committed: true when its write took effect. */
  record: (r: AttemptRecord) => Promise<boolean>;
  inFlight: Pick<InFlightTracker, "start" | "finish">;
  callSlots: CallSlots;
  /**
   * The open task ahead of a keyed task on its ordering key, or null when it is the key's head
   * (lib/tasks/ordering-head.ts). Read from MySQL at each ask, so the order survives a killed worker or lost Redis.
   */
  aheadOf: (task: Task) => Promise<string | null>;
  /** The client's attempts-per-minute quota (worker/attempt-quota.ts). */
  quota: AttemptQuota;
  /** The task's host's gate: cap, circuit breaker, pause (worker/host-traffic.ts). */
  hosts: Pick<HostTraffic, "enter" | "leave" | "hasRoom" | "waitForRoom">;
  /** Writes a deferral to MySQL (lib/tasks/defer-attempts.ts, batched). */
  defer: (d: Deferral) => Promise<void>;
  /** How long a call held back by the cap, a pause or its key's order waits at most before it asks again (HOST_WAIT_MS). */
  hostWaitMs: number;
  /** The job's flow left the ready backlog (worker/fair-ledger.ts). */
  started: (flow: string) => void;
  /** Ends an expired task as failed "expired" and alerts (worker/expiry.ts): true when this call ended it. */
  expire: (task: Task) => Promise<boolean>;
}

type Made = "skipped" | "stale" | { task: Task; expired: true } | { task: Task; outcome: AttemptOutcome } | { task: Task; wait: Deferral["reason"]; until: number; behind?: string };

/** `skipped`: the task is final or gone; `stale`: the job is for an attempt or generation that is not the task's now. */
export type DeliveryResult = "skipped" | "stale" | Task["status"];

/**
 * One attempt of one task: take a call slot, load, wait for its key's turn, pass the host's gate, call, give the
 * slot back, judge, record (group-committed), then BullMQ acknowledges. The task is loaded only once a slot is held, so what is called is
 * the task as it is now (not cancelled while the job waited for a slot). A call the gate holds back (the host's cap
 * is full, its circuit is open, an operator paused it) is deferred instead: its next attempt time moves in MySQL,
 * the job goes back to the delayed set until then (or until the gate promotes it), and no attempt is spent. A task
 * with an ordering key whose predecessor is not final yet is deferred the same way, before it asks its host, and
 * made due when that predecessor ends (after-commit.ts, `wake`). An attempt over its client's attempts-per-minute
 * quota is deferred the same way, after the key's turn and before the host is asked, to the turn the quota books for
 * it (worker/attempt-quota.ts).
 */
export function createDeliveryProcessor(deps: DeliveryDeps) {
  return async (job: Job<DeliveryJob>, token?: string): Promise<DeliveryResult> => {
    const { taskId, n, g, f, c } = deliveryJobSchema.parse(job.data);
    // Counted once, when first started: a job that comes back (deferred, stalled) is not in the ready backlog again.
    if (c === 1 && f && job.attemptsStarted <= 1) deps.started(f);
    if (!(await deps.callSlots.acquire())) {
      // The worker is closing: the job goes back to the queue untouched, for another worker or the next start.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    let made: Made;
    try {
      made = await loadAndCall(deps, job, taskId, n, g);
    } finally {
      deps.callSlots.release();
    }
    if (typeof made === "string") return made;
    if ("expired" in made) return (await deps.expire(made.task)) ? "failed" : "stale";
    if ("wait" in made) {
      // A wait never outlasts the task's expiry: the job wakes then, and the check below ends the task.
      made.until = notAfterExpiry(made.task, made.until);
      await deps.defer({ taskId, n, g, until: new Date(made.until), reason: made.wait, behind: made.behind });
      await job.moveToDelayed(made.until, token);
      // The task ahead may have ended since the check, its wake finding this job still active and leaving it: ask
      // once more now that the job is delayed, where a wake from here on finds it. An error just means waiting.
      if (made.wait === "order" && (await deps.aheadOf(made.task).catch(() => made.behind)) === null) await job.promote().catch(() => undefined);
      // Likewise at the host: a slot freed, a circuit closed or a resume while this job was still active promoted nothing.
      // A quota wait is a booked turn (worker/attempt-quota.ts): nothing makes it come sooner.
      if (made.wait !== "order" && made.wait !== "quota" && (await deps.hosts.hasRoom(made.task.url).catch(() => false))) await job.promote().catch(() => undefined);
      throw new DelayedError();
    }
    const { task, outcome } = made;
    const next = nextState(task, n, outcome);
    try {
      return (await deps.record({ task, n, outcome, next })) ? next.status : "stale";
    } finally {
      deps.inFlight.finish(task);
    }
  };
}

/** Loads the task and, unless the job is a leftover or its host's gate holds it back, makes the call. */
async function loadAndCall(deps: DeliveryDeps, job: Job<DeliveryJob>, taskId: string, n: number, g: number): Promise<Made> {
  const task = await deps.loadTask(taskId);
  // A job for a final task, or for an attempt already made or of a past generation, is a leftover (cancel,
  // duplicate, sweeper race, a retry after a cancel).
  if (!task || !isActive(task.status)) return "skipped";
  if (task.attempts !== n - 1 || task.generation !== g) return "stale";
  // Past its expiry no attempt starts, wherever the task waited (a retry, a gate, its key's order, a quota).
  if (isExpired(task)) return { task, expired: true };
  if (task.orderingKey !== null) {
    const behind = await deps.aheadOf(task);
    if (behind !== null) return { task, wait: "order", until: Date.now() + deps.hostWaitMs, behind };
  }
  // Across the client's tasks, before its host is asked: waiting here spends no attempt and holds no host slot.
  const turn = await deps.quota.take(task);
  if (turn > 0) return { task, wait: "quota", until: turn };
  let gate = await deps.hosts.enter(task.url, String(job.id));
  // At a fast host's full cap, wait here for a slot rather than defer (see waitForRoom), keeping the call slot: the
  // wait is milliseconds, and giving the slot back let the jobs queued for call slots reach the cap first, so the
  // waiter lost every race and was deferred anyway. A slow or dead host is never waited for here.
  const until = Date.now() + 1_000;
  while ("wait" in gate && gate.wait.reason === "cap" && Date.now() < until && (await deps.hosts.waitForRoom(task.url))) {
    gate = await deps.hosts.enter(task.url, String(job.id));
  }
  if ("wait" in gate) {
    deps.quota.giveBack(task);
    const { reason, until } = gate.wait;
    // Cap and pause have no time of their own: a freed slot or a resume promotes the job sooner.
    return { task, wait: reason, until: until > 0 ? until : Date.now() + deps.hostWaitMs };
  }
  deps.inFlight.start(task);
  let outcome: AttemptOutcome | null = null;
  try {
    outcome = await deps.attempt(task, n);
    return { task, outcome };
  } catch (err) {
    deps.inFlight.finish(task);
    throw err;
  } finally {
    deps.hosts.leave(gate.entry, task.id, outcome);
  }
}
