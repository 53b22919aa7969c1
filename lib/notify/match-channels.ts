import type { AlertChannel, TaskAlertEvent } from "../db/schema/alert-channels";
import type { Task } from "../db/schema/tasks";
import { hostAllowed } from "../tasks/host-allowed";
import { hostOf } from "./placeholders";

export type MatchableChannel = Pick<AlertChannel, "id" | "events" | "filters" | "failingAfter">;

export interface FailedAttempt {
  /** The task after the attempt: `failed` means its budget is spent. */
  task: Pick<Task, "id" | "status" | "url" | "sourceApp" | "targetApp">;
  n: number;
}

export interface AlertMatch {
  channelId: number;
  event: TaskAlertEvent;
  taskId: string;
  n: number;
  host: string;
}

/**
 * Which event a failed attempt raises on a channel, if any. A spent budget is `task.exhausted`; the N-th failed
 * attempt is `task.failing` (every attempt before a success is a failure, so attempt N failing means N in a
 * row). When both apply to one attempt, the channel gets only `task.exhausted`.
 */
export function eventFor(channel: MatchableChannel, attempt: FailedAttempt): TaskAlertEvent | null {
  if (attempt.task.status === "failed" && channel.events.includes("task.exhausted")) return "task.exhausted";
  if (channel.events.includes("task.failing") && attempt.n === channel.failingAfter) return "task.failing";
  return null;
}

/** Empty or missing filter lists mean "all"; target hosts accept `*.example.com` for subdomains. */
export function passesFilters(channel: MatchableChannel, task: FailedAttempt["task"]): boolean {
  const f = channel.filters;
  if (!f) return true;
  if (f.sourceApps?.length && !f.sourceApps.includes(task.sourceApp ?? "")) return false;
  if (f.targetApps?.length && !f.targetApps.includes(task.targetApp ?? "")) return false;
  if (f.targetHosts?.length) {
    try {
      if (!hostAllowed(f.targetHosts, task.url)) return false;
    } catch {
      return false; // an unparseable URL matches no host rule
    }
  }
  return true;
}

/** Every (channel, event) a batch of failed attempts should alert. */
export function matchAlerts(channels: MatchableChannel[], failed: FailedAttempt[]): AlertMatch[] {
  const matches: AlertMatch[] = [];
  for (const attempt of failed) {
    for (const channel of channels) {
      const event = eventFor(channel, attempt);
      if (!event || !passesFilters(channel, attempt.task)) continue;
      matches.push({ channelId: channel.id, event, taskId: attempt.task.id, n: attempt.n, host: hostOf(attempt.task.url) });
    }
  }
  return matches;
}
