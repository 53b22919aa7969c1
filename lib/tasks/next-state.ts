import type { Task } from "../db/schema/tasks";
import type { TaskStatus } from "./lifecycle/statuses";
import type { AttemptOutcome } from "../delivery/make-attempt";
import { nextDelayMs } from "../delivery/backoff";

export interface NextState {
  status: Extract<TaskStatus, "succeeded" | "retrying" | "failed">;
  attempts: number;
  nextAttemptAt: Date | null;
  finishedAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** What attempt `n` makes of the task: done, another try on the task's schedule, or out of budget. */
export function nextState(task: Pick<Task, "maxAttempts" | "retry">, n: number, outcome: AttemptOutcome, now = new Date()): NextState {
  const base = { attempts: n, lastStatusCode: outcome.statusCode, lastError: outcome.ok ? null : outcome.error };
  if (outcome.ok) return { ...base, status: "succeeded", nextAttemptAt: null, finishedAt: now };
  if (n >= task.maxAttempts) return { ...base, status: "failed", nextAttemptAt: null, finishedAt: now };
  const delay = nextDelayMs(task.retry ?? null, n, { retryAfterMs: outcome.retryAfterMs });
  return { ...base, status: "retrying", nextAttemptAt: new Date(now.getTime() + delay), finishedAt: null };
}
