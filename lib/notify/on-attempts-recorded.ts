import type { AppContext } from "../context";
import type { Task } from "../db/schema/tasks";
import type { AttemptOutcome } from "../delivery/make-attempt";
import { alertQueueFor, enqueueTaskAlerts } from "../queue/alert-queue";
import { enabledChannels } from "./channel-cache";
import { matchAlerts } from "./match-channels";

/** An attempt whose write took effect, as alerting sees it. */
export interface CommittedAttempt {
  /** The task as it is after this attempt's transaction committed. */
  task: Task;
  n: number;
  outcome: AttemptOutcome;
}

/**
 * The one place the worker hands committed attempt results to alerting: called after each group commit with
 * the attempts whose writes took effect. Most batches are all successes and cost nothing here; failed ones
 * are matched against the (cached) enabled channels and become jobs on the alert queue, whose worker renders,
 * folds and sends them.
 */
export async function onAttemptsRecorded(ctx: AppContext, records: CommittedAttempt[]): Promise<void> {
  const failed = records.filter((r) => !r.outcome.ok);
  if (failed.length === 0) return;
  const channels = await enabledChannels(ctx.db);
  if (channels.length === 0) return;
  const matches = matchAlerts(channels, failed);
  if (matches.length === 0) return;
  await enqueueTaskAlerts(alertQueueFor(ctx), matches);
}
