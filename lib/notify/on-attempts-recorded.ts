import type { AppContext } from "../context";
import type { Task } from "../db/schema/tasks";
import type { AttemptOutcome } from "../delivery/deliver-attempt";

export interface RecordedAttempt {
  /** The task as it is after this attempt's transaction committed. */
  task: Task;
  n: number;
  outcome: AttemptOutcome;
}

/**
 * The one place the worker hands committed attempt results to alerting: called after each group commit with
 * the attempts whose writes took effect. Failure alerts are built on this (issue 4).
 */
export async function onAttemptsRecorded(_ctx: AppContext, _records: RecordedAttempt[]): Promise<void> {}
