import mysql from "mysql2/promise";
import type { Pool } from "../db/client";
import type { WaitingReason } from "../db/schema/tasks";
import { activeStatuses, sqlStatusList } from "./lifecycle/statuses";

/** An attempt held back at its host's gate: it is asked again at `until`, spending nothing meanwhile. */
export interface Deferral {
  taskId: string;
  /** The attempt that was not made, and the generation it belongs to (the same guard as recording it). */
  n: number;
  g: number;
  until: Date;
  reason: WaitingReason;
  /** For `order`: the task ahead on the ordering key, shown as what this one waits behind. */
  behind?: string;
}

const active = sqlStatusList(activeStatuses);
const e = (value: mysql.SqlValue) => mysql.escape(value, false, "Z");
// A wait keeps its start only while its reason stays the same: an open circuit's budget (give-up-waiting.ts) counts
// the time spent behind the open circuit, not at a full cap, a pause or the key's order before it.
const since = (reason: Deferral["reason"]) => `IF(waiting_reason <=> ${e(reason)}, COALESCE(waiting_since, CURRENT_TIMESTAMP(3)), CURRENT_TIMESTAMP(3))`;

/**
 * Moves the deferred tasks' next attempt to when they ask again, and says why they wait (since the first
 * deferral), in one round trip; updated_at stays, since waiting is not a change of the task's state. MySQL keeps
 * telling the truth: the sweeper leaves a deferred task alone until that
 * time, and lag figures read the real due time. Guarded like a recorded attempt, so a deferral never touches a
 * task that was cancelled, retried or attempted meanwhile. The pool must allow multiple statements.
 */
export async function deferAttempts(pool: Pool, deferrals: Deferral[]): Promise<void> {
  if (deferrals.length === 0) return;
  const statements = deferrals.map(
    (d) =>
      // waiting_since before waiting_reason: MariaDB's SET sees earlier assignments.
      `UPDATE tasks SET next_attempt_at = ${e(d.until)}, waiting_since = ${since(d.reason)}, ` +
      `waiting_reason = ${e(d.reason)}, waiting_behind = ${e(d.behind ?? null)} ` +
      `WHERE id = ${e(d.taskId)} AND attempts = ${e(d.n - 1)} AND generation = ${e(d.g)} AND status IN (${active})`,
  );
  await pool.query(statements.join(";\n"));
}
