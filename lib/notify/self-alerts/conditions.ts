import type { SelfAlertEvent } from "../../db/schema/alert-channels";
import { env } from "../../env";
import type { NoticeOut } from "./decide";

/**
 * The conditions Bida alerts about itself, as data: the event a channel chooses, the grace before a start counts,
 * and the words of each message. A condition's name is its kind, or `circuit:<host>` (one per host).
 */
export const conditionKinds = {
  lag: {
    event: "bida.lag",
    graceMs: () => 0,
    started: (n) => `Delivery is behind: the oldest due task has waited ${duration(n.state.value)} (threshold ${duration(env.selfAlerts.lagMs)})`,
    resolved: (n) => `Delivery caught up: no due task waits longer than ${duration(env.selfAlerts.lagMs)} (behind for ${duration(Date.now() - n.since)}, worst ${duration(n.state.peak)})`,
  },
  backlog: {
    event: "bida.backlog",
    graceMs: () => 0,
    started: (n) => `Backlog growing for ${duration(env.selfAlerts.backlogMs)}: ${n.state.detail}`,
    resolved: (n) => `Backlog no longer growing: ${count(n.state.value)} open tasks (it grew for ${duration(Date.now() - n.since)}, peak ${count(n.state.peak)})`,
  },
  circuit: {
    event: "bida.circuit",
    graceMs: () => 0,
    started: (n) => `Circuit open for host ${n.state.detail}: calls to it are held back`,
    resolved: (n) => `Circuit closed for host ${n.state.detail}: calls flow again (open for ${duration(Date.now() - n.since)})`,
  },
  requeue: {
    event: "bida.requeue",
    graceMs: () => 0,
    started: (n) => `The sweeper re-queued ${count(n.state.value - n.state.baseline)} overdue tasks that had no queue job (${n.state.detail})`,
    resolved: (n) =>
      `The sweeper has re-queued nothing for ${duration(env.selfAlerts.requeueQuietMs)}: ${count(n.state.value - n.state.baseline)} tasks re-queued in all over ${duration(Date.now() - n.since)}`,
  },
  mysql: {
    event: "bida.store_down",
    graceMs: () => env.selfAlerts.storeGraceMs,
    started: (n) => `MySQL unreachable from worker ${n.state.detail}`,
    resolved: (n) => `MySQL reachable again (unreachable for ${duration(Date.now() - n.since)})`,
  },
  redis: {
    event: "bida.store_down",
    graceMs: () => env.selfAlerts.storeGraceMs,
    started: (n) => `Redis unreachable from worker ${n.state.detail}; queued deliveries wait until it is back`,
    resolved: (n) => `Redis reachable again (unreachable for ${duration(Date.now() - n.since)})`,
  },
} satisfies Record<string, { event: SelfAlertEvent; graceMs: () => number; started: (n: NoticeOut) => string; resolved: (n: NoticeOut) => string }>;

export type ConditionKind = keyof typeof conditionKinds;

export const kindOf = (condition: string): ConditionKind => condition.split(":")[0] as ConditionKind;

/** The message line for one notice, with the returns folded into it. */
export function noticeHeadline(condition: string, notice: NoticeOut): string {
  const kind = conditionKinds[kindOf(condition)];
  const text = notice.kind === "started" ? kind.started(notice) : kind.resolved(notice);
  const folded = notice.folded > 0 ? ` (it also came and went ${notice.folded} ${notice.folded === 1 ? "time" : "times"} since the last message)` : "";
  return `${notice.kind === "started" ? "" : "Resolved: "}${text}${folded}`;
}

/** 45 s, 7 m 12 s, 2 h 5 m. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} m` : ""}`;
}

const count = (n: number) => n.toLocaleString("en-US");
