import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AppContext } from "../context";
import { recordAudit } from "../audit/record-audit";
import type { Flow } from "../queue/fair-share";
import { tasks } from "../db/schema/tasks";
import { logger } from "../logger";
import { noteOutage } from "../outage-log";
import { withTimeout } from "../with-timeout";
import { afterCommit, type AfterCommitPlan } from "./after-commit";
import { runningIds } from "./in-flight";
import { numberRows, orderingGroups, takeSeqStatements, type TakenSeq } from "./ordering-seq";
import { refusedWhileRunning, statusAfter, storedStatusesFor, type TaskAction } from "./lifecycle/actions";
import { isActive, type TaskStatus } from "./lifecycle/statuses";

export interface ActionInput {
  action: TaskAction;
  ids: string[];
  /** "user:<name>" or "client:<name>", for the audit log. */
  actor: string;
  /** Limits the action to one API client's own tasks. */
  clientId?: number;
  /** Cancel and resolve: kept on the task (resolve's routes require one). */
  note?: string;
  /** Retry: attempts granted from now on; by default the task's budget, as when it was submitted. */
  attempts?: number;
  /** Retry: a corrected target, for manual compensation. */
  url?: string;
  params?: Record<string, unknown> | null;
  /** Ties the audit entries to the background job that made them. */
  bulkJobId?: string;
  /** Marks the audit entries of a selection applied at once. */
  bulk?: boolean;
}

export interface ChangedTask {
  id: string;
  from: TaskStatus;
  /** Attempts made so far (unchanged by every action). */
  attempts: number;
  /** The generation after the action (a retry starts a new one). */
  generation: number;
  /** Whose task it is, for the fair share of the queue. */
  flow: Flow;
}

export interface ActionResult {
  changed: ChangedTask[];
  /** Ids the action did not apply to: not found, not theirs, or not in a status it is allowed from. */
  skipped: number;
}

/** Most ids per transaction: small enough to keep row locks short beside the worker's group commits. */
export const ACTION_CHUNK = 500;

/** Attempts a retry grants at most when it names no count. */
const MAX_DEFAULT_GRANT = 100;

/**
 * Applies one action to a set of tasks: the single-task calls pass one id, bulk jobs a chunk. Per chunk, one
 * transaction locks the tasks the action is allowed from (lifecycle/actions.ts), changes them with one statement
 * stamped with the database's clock, and writes one audit entry each; then the after-commit step queues, removes
 * or promotes their jobs and publishes their new statuses. Ids the action does not apply to are skipped.
 */
export async function applyAction(ctx: AppContext, input: ActionInput): Promise<ActionResult> {
  const changed: ChangedTask[] = [];
  for (let i = 0; i < input.ids.length; i += ACTION_CHUNK) {
    const chunk = input.ids.slice(i, i + ACTION_CHUNK);
    changed.push(...(await withDeadlockRetry(() => applyChunk(ctx, input, chunk))));
  }
  return { changed, skipped: input.ids.length - changed.length };
}

async function applyChunk(ctx: AppContext, input: ActionInput, ids: string[]): Promise<ChangedTask[]> {
  // Read before the transaction, so no row lock waits on Redis.
  const inFlight = refusedWhileRunning(input.action) ? await runningOrNone(ctx, ids) : new Set<string>();
  const from = storedStatusesFor(input.action);
  const result = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: tasks.id,
        status: tasks.status,
        attempts: tasks.attempts,
        generation: tasks.generation,
        clientId: tasks.clientId,
        sourceApp: tasks.sourceApp,
        orderingKey: tasks.orderingKey,
        orderingSeq: tasks.orderingSeq,
        now: sql<Date>`CURRENT_TIMESTAMP(3)`,
      })
      .from(tasks)
      .where(and(inArray(tasks.id, ids), inArray(tasks.status, from), input.clientId === undefined ? undefined : eq(tasks.clientId, input.clientId)))
      .for("update");
    // `running` lies over a stored active status only: a cancelled task whose last call is still open is cancelled.
    const locked = rows.filter((r) => !(isActive(r.status) && inFlight.has(r.id)));
    if (locked.length === 0) return null;
    const now = new Date(locked[0]!.now);
    const tail = input.action === "retry" ? await tailSeqs(tx, locked) : new Map<string, number>();
    await tx.execute(sql`UPDATE ${tasks} SET ${changes(input, now, tail)} WHERE ${inArray(tasks.id, locked.map((r) => r.id))}`);
    await recordAudit(
      tx,
      locked.map((r) => ({ actor: input.actor, action: `task.${input.action}`, objectType: "task", objectId: r.id, details: auditDetails(input, r.status) })),
    );
    return { locked, now };
  });
  if (!result) return [];
  const bump = input.action === "retry" ? 1 : 0;
  const changed = result.locked.map((r) => ({ id: r.id, from: r.status, attempts: r.attempts, generation: r.generation + bump, flow: { clientId: r.clientId, sourceApp: r.sourceApp } }));
  // A cancelled or resolved task that was still owed an attempt may have held its key: the next one goes now.
  const ended = input.action === "cancel" || input.action === "resolve" ? result.locked.filter((r) => r.orderingKey !== null && isActive(r.status)) : [];
  // An ended task stops counting against its client's open tasks; a retried final one counts again.
  const openTasks = result.locked
    .filter((r) => (input.action === "retry" ? !isActive(r.status) : (input.action === "cancel" || input.action === "resolve") && isActive(r.status)))
    .map((r) => ({ clientId: r.clientId, by: input.action === "retry" ? 1 : -1 }));
  await afterCommit(ctx, `task.${input.action}`, { ...planFor(input.action, changed, result.now), wake: ended, openTasks });
  return changed;
}

type Tx = Parameters<Parameters<AppContext["db"]["transaction"]>[0]>[0];

/**
 * A retried task with an ordering key joins its key's tail: new numbers, taken in the action's transaction as a
 * submit takes them (ordering-seq.ts), in the order the tasks had. Task id → its new ordering_seq.
 */
async function tailSeqs(tx: Tx, locked: Array<{ id: string; clientId: number; orderingKey: string | null; orderingSeq: number | null }>): Promise<Map<string, number>> {
  const keyed = locked.filter((r) => r.orderingKey !== null).map((r) => ({ ...r }));
  keyed.sort((a, b) => (a.orderingSeq ?? 0) - (b.orderingSeq ?? 0));
  const groups = orderingGroups(keyed);
  if (groups.length === 0) return new Map();
  const { take, read } = takeSeqStatements(groups);
  await tx.execute(sql.raw(take));
  const [taken] = await tx.execute(sql.raw(read));
  numberRows(groups, taken as unknown as TakenSeq[]);
  return new Map(keyed.map((r) => [r.id, r.orderingSeq!]));
}

/** The SET list of each action, in the order MariaDB evaluates it (left to right, seeing earlier assignments). */
function changes(input: ActionInput, now: Date, tail: Map<string, number>): SQL {
  const status = statusAfter[input.action];
  const set: SQL[] = [sql`${tasks.updatedAt} = ${now}`];
  // A wait at the host or behind the key ends with the task (cancel, resolve) or starts afresh (retry, run now).
  set.push(sql`${tasks.waitingReason} = NULL`, sql`${tasks.waitingSince} = NULL`, sql`${tasks.waitingBehind} = NULL`);
  if (status) set.push(sql`${tasks.status} = ${status}`);
  switch (input.action) {
    case "retry":
      // A new generation: results of attempts started before this retry are no longer recorded (record-attempts.ts).
      // The budget is taken from max_attempts on rows from before it was stored, then granted again.
      set.push(
        sql`${tasks.generation} = ${tasks.generation} + 1`,
        sql`${tasks.budget} = COALESCE(${tasks.budget}, LEAST(${tasks.maxAttempts}, ${MAX_DEFAULT_GRANT}))`,
        sql`${tasks.maxAttempts} = ${tasks.attempts} + ${input.attempts ?? sql`${tasks.budget}`}`,
        sql`${tasks.nextAttemptAt} = ${now}`,
        sql`${tasks.finishedAt} = NULL`,
        // Retrying an expired task means "deliver it after all": a passed expiry would end it again at once.
        sql`${tasks.expiresAt} = IF(${tasks.expiresAt} <= ${now}, NULL, ${tasks.expiresAt})`,
      );
      if (tail.size > 0) set.push(sql`${tasks.orderingSeq} = CASE ${tasks.id} ${sql.join([...tail].map(([id, seq]) => sql`WHEN ${id} THEN ${seq}`), sql` `)} ELSE ${tasks.orderingSeq} END`);
      if (input.url) set.push(sql`${tasks.url} = ${input.url}`);
      if (input.params !== undefined) set.push(sql`${tasks.params} = ${input.params === null ? null : JSON.stringify(input.params)}`);
      break;
    case "run_now":
      set.push(sql`${tasks.nextAttemptAt} = ${now}`);
      break;
    case "cancel":
    case "resolve":
      set.push(sql`${tasks.finishedAt} = ${now}`, sql`${tasks.nextAttemptAt} = NULL`);
      if (input.note) set.push(sql`${tasks.note} = ${input.note}`);
      break;
  }
  return sql.join(set, sql`, `);
}

function auditDetails(input: ActionInput, from: TaskStatus): Record<string, unknown> {
  return {
    from,
    ...(input.note ? { note: input.note } : {}),
    ...(input.attempts !== undefined ? { granted: input.attempts } : {}),
    ...(input.url ? { url: input.url } : {}),
    ...(input.params !== undefined ? { params: true } : {}),
    ...(input.bulkJobId ? { bulkJob: input.bulkJobId } : input.bulk ? { bulk: true } : {}),
  };
}

function planFor(action: TaskAction, changed: ChangedTask[], now: Date): AfterCommitPlan {
  const at = now.getTime();
  const next = (t: ChangedTask) => ({ taskId: t.id, n: t.attempts + 1, g: t.generation, flow: t.flow });
  const event = (t: ChangedTask) => ({ id: t.id, status: statusAfter[action] ?? t.from, attempts: t.attempts, at });
  switch (action) {
    case "retry":
      return { enqueue: changed.map(next), events: changed.map(event) };
    case "run_now":
      return { runNow: changed.map(next), events: changed.map((t) => ({ ...event(t), nextAttemptAt: at })) };
    case "cancel":
    case "resolve":
      return { remove: changed.map(next), events: changed.map(event) };
  }
}

/** The in-flight read is a guard of liveness, not of safety: with Redis unreachable the action goes ahead. */
async function runningOrNone(ctx: AppContext, ids: string[]): Promise<Set<string>> {
  try {
    return await withTimeout(runningIds(ctx.redis, ids), 1_000, "in-flight read");
  } catch (err) {
    if (!noteOutage(err, "in-flight reads skipped", { unavailable: true })) logger.warn({ err }, "could not read the in-flight set; acting as if no attempt were in flight");
    return new Set();
  }
}

async function withDeadlockRetry<T>(fn: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if (i >= tries || (code !== "ER_LOCK_DEADLOCK" && code !== "ER_LOCK_WAIT_TIMEOUT")) throw err;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}
