import mysql from "mysql2/promise";
import type { AppContext } from "../context";
import type { Pool } from "../db/client";
import type { Task } from "../db/schema/tasks";
import { runDeliveriesNow, type ScheduledDelivery } from "../queue/delivery-queue";
import { orderingGroups } from "./ordering-seq";

/** What the ordering gate needs of a task: whose key it is on, and its place there. */
export type Keyed = Pick<Task, "clientId" | "orderingKey" | "orderingSeq">;

const e = (value: mysql.SqlValue) => mysql.escape(value, false, "Z");

/**
 * The open task just ahead of `task` on its ordering key — the one it waits for — or null when `task` is its key's
 * head (or has no key). ordering_open_seq is null on final tasks, so this is one dive into tasks_ordering_idx
 * however many finished tasks the key has; a task retried meanwhile has a number at the tail and is not ahead.
 */
export async function taskAhead(pool: Pool, task: Keyed): Promise<string | null> {
  if (task.orderingKey === null || task.orderingSeq === null) return null;
  const [rows] = await pool.query(
    `SELECT id FROM tasks WHERE client_id = ${e(task.clientId)} AND ordering_key = ${e(task.orderingKey)} AND ordering_open_seq < ${e(task.orderingSeq)} ` +
      "ORDER BY ordering_open_seq DESC LIMIT 1",
  );
  return (rows as Array<{ id: string }>)[0]?.id ?? null;
}

/**
 * The attempts to make due now because a task of their key just became final: each key's head, when only its
 * order held it back (deferred behind the task ahead, or due). A head that waits for its own reasons — a retry's
 * backoff, a runAt, its host's gate — is left to its time. One statement for all the keys, one index dive each;
 * no query at all when no task has a key.
 */
export async function headsToWake(pool: Pool, finished: Keyed[]): Promise<ScheduledDelivery[]> {
  const groups = orderingGroups(finished);
  if (groups.length === 0) return [];
  const heads = groups.map(
    (g) =>
      "(SELECT id, attempts, generation, client_id AS clientId, source_app AS sourceApp, (waiting_reason = 'order' OR next_attempt_at <= CURRENT_TIMESTAMP(3)) AS ready " +
      `FROM tasks WHERE client_id = ${e(g.clientId)} AND ordering_key = ${e(g.key)} AND ordering_open_seq IS NOT NULL ORDER BY ordering_open_seq LIMIT 1)`,
  );
  const [rows] = await pool.query(heads.join(" UNION ALL "));
  return (rows as Array<{ id: string; attempts: number; generation: number; clientId: number; sourceApp: string | null; ready: number | null }>)
    .filter((r) => r.ready === 1)
    .map((r) => ({ taskId: r.id, n: r.attempts + 1, g: r.generation, flow: { clientId: r.clientId, sourceApp: r.sourceApp } }));
}

/** Makes the next task of each finished task's key due now (after-commit.ts runs this, bounded, after the commit). */
export async function wakeNextInOrder(ctx: Pick<AppContext, "pool" | "deliveryQueue" | "redis">, finished: Keyed[]): Promise<void> {
  const due = await headsToWake(ctx.pool, finished);
  if (due.length > 0) await runDeliveriesNow(ctx.deliveryQueue, ctx.redis, due);
}
