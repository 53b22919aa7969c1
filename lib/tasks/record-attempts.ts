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
  const f = (sql: string, values: mysql.SqlValue[]) => mysql.format(sql, values, false, "Z");
  const attemptRows = records.map((r) =>
    f("(?, ?, ?, ?, ?, ?, ?, ?)", [
      r.task.id,
      r.n,
      r.outcome.startedAt,
      r.outcome.durationMs,
      r.outcome.statusCode,
      r.outcome.responseExcerpt,
      r.outcome.error,
      r.outcome.ok,
    ]),
  );
  const updates = records.map((r) =>
    f(
      `UPDATE tasks SET status = ?, attempts = ?, next_attempt_at = ?, finished_at = ?, last_status_code = ?, last_error = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND attempts = ? AND status IN (${activeStatuses})`,
      [r.next.status, r.next.attempts, r.next.nextAttemptAt, r.next.finishedAt, r.next.lastStatusCode, r.next.lastError?.slice(0, 1024) ?? null, r.task.id, r.n - 1],
    ),
  );
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
