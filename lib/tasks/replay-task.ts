import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { AppContext } from "../context";
import { recordAudit } from "../audit/record-audit";
import { apiClients } from "../db/schema/api-clients";
import type { Task } from "../db/schema/tasks";
import { ApiError } from "../errors";
import { logger } from "../logger";
import { changeOpenTasks } from "../quotas/open-tasks";
import { getTask } from "./get-task";
import { hostAllowed } from "./host-allowed";
import { finalStatuses, isFinal } from "./lifecycle/statuses";
import { insertAndEnqueue } from "./submit-tasks";
import { assertTargetAllowed } from "./target-allowed";

/** Audit actions: on the original ("replayed as …") and on the copy ("a replay of …"). */
export const replayAudit = { original: "task.replay", copy: "task.replay_of" } as const;

/**
 * A new task copied from a finished one — the request, its expectations and retry policy, the apps and ordering key
 * — with a new id (so a receiver that drops repeated `webhook-id`s takes it), a fresh budget and `replay_of` naming
 * the original. Unlike a retry, the original keeps its status and history; retrying a succeeded task stays a 409.
 * The client's host rules are checked again: they may have narrowed since the original was submitted.
 */
export async function replayTask(ctx: AppContext, input: { id: string; actor: string }): Promise<Task> {
  const original = await getTask(ctx.db, { id: input.id });
  if (!isFinal(original.status)) {
    throw new ApiError("conflict", `Task ${original.id} is ${original.status}; only a finished task (${finalStatuses.join(", ")}) can be replayed.`);
  }
  const [client] = await ctx.db
    .select({ allowedHosts: apiClients.allowedHosts, allowedTargetCidrs: apiClients.allowedTargetCidrs })
    .from(apiClients)
    .where(eq(apiClients.id, original.clientId))
    .limit(1);
  if (client && !hostAllowed(client.allowedHosts, original.url)) throw new ApiError("forbidden", "The task's API client may no longer call that host.");
  if (client) assertTargetAllowed(client, original.url);

  const now = new Date();
  const copy: Task = {
    ...original,
    id: uuidv7(),
    status: "queued",
    // A fresh life: the budget the original was submitted with (rows from before budgets: capped as a retry does).
    maxAttempts: original.budget ?? Math.min(original.maxAttempts, 100),
    budget: original.budget ?? Math.min(original.maxAttempts, 100),
    attempts: 0,
    generation: 0,
    // Unique per client: the copy must not claim the original's key. The ordering key stays: a new number, at the tail.
    idempotencyKey: null,
    orderingSeq: null,
    orderingOpenSeq: null,
    nextAttemptAt: now,
    waitingReason: null,
    waitingSince: null,
    waitingBehind: null,
    lastStatusCode: null,
    lastError: null,
    note: null,
    // The operator asked for it now: the original's deadline, likely past, does not carry over.
    expiresAt: null,
    // The imported id names the original only.
    externalId: null,
    replayOf: original.id,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  await insertAndEnqueue(ctx, [copy]);
  await recordAudit(ctx.db, [
    { actor: input.actor, action: replayAudit.original, objectType: "task", objectId: original.id, details: { replay: copy.id, from: original.status } },
    { actor: input.actor, action: replayAudit.copy, objectType: "task", objectId: copy.id, details: { of: original.id } },
  ]);
  // Open again for the client's open-task quota; the sweeper's recount repairs a lost change.
  await changeOpenTasks(ctx.redis, [{ clientId: copy.clientId, by: 1 }]).catch((err: Error) => logger.warn({ err: err.message }, "open-task count not raised for a replay"));
  return copy;
}
