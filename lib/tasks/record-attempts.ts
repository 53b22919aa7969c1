import mysql from "mysql2/promise";
import type { Pool } from "../db/client";
import type { Task } from "../db/schema/tasks";
import type { AttemptOutcome } from "../delivery/deliver-attempt";
import type { NextState } from "./next-state";

export interface AttemptRecord {
  task: Task;
  n: number;
  outcome: AttemptOutcome;
  next: NextState;
}

const activeStatuses = "'queued','running','retrying'";

/**
 * Writes many attempts and their tasks' new states in ONE transaction sent as ONE multi-statement round trip:
 * a multi-row INSERT IGNORE of attempt rows (unique on task+n) and one UPDATE per task guarded by the attempt
 * number it expects, so attempt N lands once even if two workers ever ran it. Returns, per record, whether its
 * task update took effect (false: a duplicate delivery, or the task was cancelled/resolved meanwhile).
 */
export async function recordAttempts(pool: Pool, records: AttemptRecord[]): Promise<boolean[]> {
  if (records.length === 0) return [];
  // Values are escaped one by one and joined: mysql.format's scan for placeholders through the long UPDATE text
  // was a few percent of the worker's CPU.
  const e = (value: mysql.SqlValue) => mysql.escape(value, false, "Z");
  const attemptRows = records.map((r) => {
    const o = r.outcome;
    return `(${e(r.task.id)}, ${e(r.n)}, ${e(o.startedAt)}, ${e(o.durationMs)}, ${e(o.statusCode)}, ${e(o.responseExcerpt)}, ${e(o.error)}, ${e(o.ok)})`;
  });
  const updates = records.map((r) => {
    const x = r.next;
    return (
      `UPDATE tasks SET status = ${e(x.status)}, attempts = ${e(x.attempts)}, next_attempt_at = ${e(x.nextAttemptAt)}, ` +
      `finished_at = ${e(x.finishedAt)}, last_status_code = ${e(x.lastStatusCode)}, last_error = ${e(x.lastError?.slice(0, 1024) ?? null)}, ` +
      `updated_at = CURRENT_TIMESTAMP(3) WHERE id = ${e(r.task.id)} AND attempts = ${e(r.n - 1)} AND status IN (${activeStatuses})`
    );
  });
  const script = [
    "START TRANSACTION",
    `INSERT IGNORE INTO attempts (task_id, n, started_at, duration_ms, status_code, response_excerpt, error, ok) VALUES ${attemptRows.join(",")}`,
    ...updates,
    "COMMIT",
  ].join(";\n");

  const conn = await pool.getConnection();
  try {
    // The pool must be created with multipleStatements (createDb({ multipleStatements: true })).
    const [results] = await conn.query({ sql: script });
    const list = results as unknown as Array<{ affectedRows?: number }>;
    return records.map((_, i) => (list[2 + i]?.affectedRows ?? 0) === 1);
  } catch (err) {
    await conn.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}
