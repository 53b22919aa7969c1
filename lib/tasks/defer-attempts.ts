import mysql from "mysql2/promise";
import type { Pool } from "../db/client";
import { activeStatuses, sqlStatusList } from "./lifecycle/statuses";

/** An attempt held back at its host's gate: it is asked again at `until`, spending nothing meanwhile. */
export interface Deferral {
  taskId: string;
  /** The attempt that was not made, and the generation it belongs to (the same guard as recording it). */
  n: number;
  g: number;
  until: Date;
  reason: "cap" | "open" | "paused";
}

const active = sqlStatusList(activeStatuses);
const e = (value: mysql.SqlValue) => mysql.escape(value, false, "Z");

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
      `UPDATE tasks SET next_attempt_at = ${e(d.until)}, waiting_reason = ${e(d.reason)}, waiting_since = COALESCE(waiting_since, CURRENT_TIMESTAMP(3)) ` +
      `WHERE id = ${e(d.taskId)} AND attempts = ${e(d.n - 1)} AND generation = ${e(d.g)} AND status IN (${active})`,
  );
  await pool.query(statements.join(";\n"));
}
