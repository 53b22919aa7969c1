import { activeStatuses, type LiveStatus, type TaskStatus } from "./statuses";

/**
 * What an operator (console) or a client (API: retry, cancel) can do to a task. Each one is a set-based transition
 * (lib/tasks/apply-action.ts) that a single-task call runs with one id and a bulk job with a chunk of ids.
 */
export const taskActions = ["retry", "run_now", "cancel", "resolve"] as const;
export type TaskAction = (typeof taskActions)[number];

/** Which action is allowed from which status, `running` included: the one table every guard and button reads. */
export const allowedFrom: Record<TaskAction, readonly LiveStatus[]> = {
  // A fresh attempt budget for a task that gave up or was stopped.
  retry: ["failed", "cancelled"],
  // Moves the waiting attempt to now; not while one is in flight (there is no waiting attempt then).
  run_now: ["queued", "retrying"],
  // Stops further attempts; an attempt in flight finishes, but its result is not recorded.
  cancel: ["queued", "retrying", "running"],
  // Closed by hand: the call was made some other way, or is no longer needed.
  resolve: ["failed", "cancelled", "queued", "retrying", "running"],
};

/** The stored status each action leaves, or null when it keeps the status (run_now only moves the time). */
export const statusAfter: Record<TaskAction, TaskStatus | null> = {
  retry: "queued",
  run_now: null,
  cancel: "cancelled",
  resolve: "resolved",
};

export const canApply = (action: TaskAction, status: LiveStatus): boolean => allowedFrom[action].includes(status);

export const actionsFor = (status: LiveStatus): TaskAction[] => taskActions.filter((a) => canApply(a, status));

/** `running` is stored as an active status, so a guard in SQL checks these (and the in-flight set, if it must). */
export function storedStatusesFor(action: TaskAction): TaskStatus[] {
  const from = allowedFrom[action];
  const stored = from.filter((s): s is TaskStatus => s !== "running");
  if (from.includes("running")) for (const s of activeStatuses) if (!stored.includes(s)) stored.push(s);
  return stored;
}

/** True when the action must be refused for a task whose attempt is in flight, although its stored status allows it. */
export const refusedWhileRunning = (action: TaskAction): boolean => !canApply(action, "running");
