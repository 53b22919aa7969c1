import type { Task } from "../db/schema/tasks";
import type { TaskStatus } from "./lifecycle/statuses";
import type { AttemptOutcome } from "../delivery/make-attempt";
import { nextDelayMs } from "../delivery/backoff";
import { finalFailures } from "../delivery/describe-error";
import { notAfterExpiry } from "./expire-tasks";

export interface NextState {
  status: Extract<TaskStatus, "succeeded" | "retrying" | "failed">;
  attempts: number;
  nextAttemptAt: Date | null;
  finishedAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** What attempt `n` makes of the task: done, another try on the task's schedule, or out of budget. */
export function nextState(task: Pick<Task, "maxAttempts" | "retry"> & Partial<Pick<Task, "expiresAt">>, n: number, outcome: AttemptOutcome, now = new Date()): NextState {
  const base = { attempts: n, lastStatusCode: outcome.statusCode, lastError: outcome.ok ? null : outcome.error };
  if (outcome.ok) return { ...base, status: "succeeded", nextAttemptAt: null, finishedAt: now };
  // A target the outbound policy refuses stays refused: retrying would only repeat the refusal.
  if (n >= task.maxAttempts || (outcome.failure !== null && finalFailures.includes(outcome.failure))) return { ...base, status: "failed", nextAttemptAt: null, finishedAt: now };
  const delay = nextDelayMs(task.retry ?? null, n, { retryAfterMs: outcome.retryAfterMs });
  // Never due after the task's expiry: the retry then wakes at the expiry, where the worker ends the task "expired".
  const due = notAfterExpiry({ expiresAt: task.expiresAt ?? null }, now.getTime() + delay);
  return { ...base, status: "retrying", nextAttemptAt: new Date(due), finishedAt: null };
}
