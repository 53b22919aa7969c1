import type { Attempt } from "../db/schema/attempts";
import { maskSecretHeaders } from "../notify/mask";
import type { LiveTask } from "./live-status";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * The task as the API shows it; `attemptCount` because `attempts` is the list on the detail answer. The status is
 * the live one where the caller looked it up (lib/tasks/live-status.ts), else the stored one.
 */
export function serializeTask(t: LiveTask) {
  return {
    id: t.id,
    status: t.status,
    url: t.url,
    method: t.method,
    params: t.params ?? null,
    bodyType: t.bodyType,
    // Credential headers are stored sealed and never shown again, not even to the client that sent them.
    headers: maskSecretHeaders(t.headers ?? null),
    expect: t.expect ?? null,
    maxAttempts: t.maxAttempts,
    retry: t.retry ?? null,
    timeoutMs: t.timeoutMs,
    sourceApp: t.sourceApp ?? null,
    targetApp: t.targetApp ?? null,
    protocol: t.protocol,
    attemptCount: t.attempts,
    nextAttemptAt: iso(t.nextAttemptAt),
    // Not delivered by then, the task ends failed with lastError "expired".
    expiresAt: iso(t.expiresAt),
    // The task's id in the system it was imported from (kkbida's taskId), if any.
    externalId: t.externalId ?? null,
    // Tasks of this client with the same key are attempted one at a time, in orderingSeq order.
    orderingKey: t.orderingKey ?? null,
    orderingSeq: t.orderingSeq ?? null,
    // Why the next attempt is held back, if it is: at the host's gate — cap (the host's calls in flight are at its
    // cap), open (its circuit is open), paused (by an operator) — or order (`behind` names the task ahead on its
    // ordering key, which must be final first); since when. No attempt is spent meanwhile.
    waiting: t.waitingReason && (t.status === "queued" || t.status === "retrying" || t.status === "running") ? { reason: t.waitingReason, since: iso(t.waitingSince), behind: t.waitingBehind ?? null } : null,
    lastStatusCode: t.lastStatusCode ?? null,
    lastError: t.lastError ?? null,
    note: t.note ?? null,
    // Set on a replay: the task it was copied from.
    replayOf: t.replayOf ?? null,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    finishedAt: iso(t.finishedAt),
  };
}

export function serializeAttempt(a: Attempt) {
  return {
    n: a.n,
    startedAt: iso(a.startedAt),
    durationMs: a.durationMs,
    statusCode: a.statusCode ?? null,
    responseExcerpt: a.responseExcerpt ?? null,
    error: a.error ?? null,
    ok: a.ok,
    // The URL this attempt called (null on rows from before it was kept) and the answer's headers, capped and masked.
    url: a.url ?? null,
    responseHeaders: a.responseHeaders ?? null,
  };
}

export type TaskView = ReturnType<typeof serializeTask>;
export type AttemptView = ReturnType<typeof serializeAttempt>;
