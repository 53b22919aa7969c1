import mysql from "mysql2/promise";
import type { Pool } from "../db/client";
import type { Task } from "../db/schema/tasks";
import type { AttemptOutcome } from "../delivery/make-attempt";
import { activeStatuses, sqlStatusList } from "./lifecycle/statuses";
import type { NextState } from "./next-state";

/** What the worker asks to record: attempt `n` of `task` (as loaded for the call), its outcome and what follows. */
export interface AttemptRecord {
  task: Task;
  n: number;
  outcome: AttemptOutcome;
  next: NextState;
}

const active = sqlStatusList(activeStatuses);

/**
 * About how many bytes a record adds to its group commit (for the recorder's byte cap): its answer and error once
 * escaped (quotes and backslashes double), plus the fixed columns and the joined UPDATE's row.
 */
export function attemptRecordBytes(r: AttemptRecord): number {
  const text = (v: string | null | undefined) => (v ? Buffer.byteLength(v, "utf8") : 0);
  return 800 + 2 * (text(r.outcome.responseExcerpt) + text(r.outcome.error)) + 2 * text(r.next.lastError) + 2 * text(r.task.url) + (r.outcome.responseHeaders ? 2 * text(JSON.stringify(r.outcome.responseHeaders)) : 0);
}

/** Batches of at least this many attempts update their tasks with one joined UPDATE. */
const JOIN_FROM = 8;

/**
 * Writes many attempts and their tasks' new states in ONE transaction. Each task update is guarded by the attempt
 * number it expects, the generation the attempt was loaded with, and an active status; an attempt row (unique on
 * task+n) is written only where its task update took effect, or where the same attempt of the same generation was
 * already recorded (INSERT IGNORE then keeps the first). So attempt N lands once even if two workers ever ran it,
 * and a call that was in flight when its task was cancelled, resolved or retried records nothing — after a retry
 * its number belongs to the retry's own attempt. Returns, per record, whether its task update took effect.
 *
 * The common case — every guard holds — is one UPDATE joined to the new states: MariaDB spent about half the
 * CPU on it that it spent on one UPDATE per task (0.08 vs 0.15 ms per task, measured on 10,000 tasks). Its
 * affected-row count tells only whether all guards held; if so, the attempt rows go in with the COMMIT's round
 * trip; if not, the transaction is rolled back and written again with one guarded UPDATE and INSERT per task.
 * Small batches — a quiet worker's, often one attempt — go that one-trip way at once: on these machines a round
 * trip costs more than MariaDB saves on a few rows.
 */
export async function recordAttempts(pool: Pool, records: AttemptRecord[], opts: { joinFrom?: number } = {}): Promise<boolean[]> {
  if (records.length === 0) return [];
  const idType = records.length >= (opts.joinFrom ?? JOIN_FROM) ? await taskIdType(pool) : null;
  const conn = await pool.getConnection();
  try {
    // The pool must be created with multipleStatements (createDb({ multipleStatements: true })).
    if (idType) {
      const [joined] = await conn.query({ sql: ["START TRANSACTION", joinedUpdate(records, idType)].join(";\n") });
      if ((joined as unknown as Array<{ affectedRows?: number }>)[1]?.affectedRows === records.length) {
        await conn.query({ sql: [attemptsInsert(records), "COMMIT"].join(";\n") });
        return records.map(() => true);
      }
      await conn.query("ROLLBACK");
    }
    const [results] = await conn.query({ sql: ["START TRANSACTION", ...records.flatMap((r) => [singleUpdate(r), guardedInsert(r)]), "COMMIT"].join(";\n") });
    const list = results as unknown as Array<{ affectedRows?: number }>;
    return records.map((_, i) => (list[1 + 2 * i]?.affectedRows ?? 0) === 1);
  } catch (err) {
    await conn.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}

// Values are escaped one by one and joined: mysql.format's scan for placeholders through long statements was a
// few percent of the worker's CPU.
const e = (value: mysql.SqlValue) => mysql.escape(value, false, "Z");
const lastError = (r: AttemptRecord) => r.next.lastError?.slice(0, 1024) ?? null;

// `url` is the task's URL as loaded for this call: a retry with a corrected URL changes the task, not this row.
const attemptColumns = "task_id, n, started_at, duration_ms, status_code, response_excerpt, error, ok, url, response_headers";
const attemptValues = (r: AttemptRecord) => {
  const o = r.outcome;
  const headers = o.responseHeaders ? JSON.stringify(o.responseHeaders) : null;
  return `${e(r.task.id)}, ${e(r.n)}, ${e(o.startedAt)}, ${e(o.durationMs)}, ${e(o.statusCode)}, ${e(o.responseExcerpt)}, ${e(o.error)}, ${e(o.ok)}, ${e(r.task.url)}, ${e(headers)}`;
};

/** Every record's attempt row: only once every task update of the batch is known to have taken effect. */
function attemptsInsert(records: AttemptRecord[]): string {
  return `INSERT IGNORE INTO attempts (${attemptColumns}) VALUES ${records.map((r) => `(${attemptValues(r)})`).join(",")}`;
}

/** One record's attempt row, written after its task update: present exactly when the task now stands at attempt n of its generation. */
function guardedInsert(r: AttemptRecord): string {
  return (
    `INSERT IGNORE INTO attempts (${attemptColumns}) SELECT ${attemptValues(r)} FROM tasks ` +
    `WHERE id = ${e(r.task.id)} AND attempts = ${e(r.n)} AND generation = ${e(r.task.generation)}`
  );
}

interface IdType {
  charset: string;
  collation: string;
}

const idTypes = new WeakMap<Pool, Promise<IdType | null>>();

/**
 * The character set and collation of tasks.id, read once per pool. The joined ids must compare in exactly these,
 * or MariaDB refuses the join (an illegal mix of collations) or, converting the column, gives up its primary key.
 * Bida creates its database as utf8mb4_unicode_ci, but a database made beforehand may differ. Null (unreadable)
 * means one UPDATE per task.
 */
function taskIdType(pool: Pool): Promise<IdType | null> {
  let type = idTypes.get(pool);
  if (!type) {
    type = pool
      .query("SELECT CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tasks' AND COLUMN_NAME = 'id'")
      .then(([rows]) => {
        const row = (rows as IdType[])[0];
        const name = /^[A-Za-z0-9_]+$/;
        return row && name.test(row.charset) && name.test(row.collation) ? row : null;
      })
      .catch(() => {
        // This batch goes one UPDATE per task; the next one asks again.
        idTypes.delete(pool);
        return null;
      });
    idTypes.set(pool, type);
  }
  return type;
}

/** One UPDATE for all records, joined by task id to a derived table of their new states. */
function joinedUpdate(records: AttemptRecord[], idType: IdType): string {
  const states = records.map((r, i) => {
    const x = r.next;
    const cells = [r.task.id, r.n - 1, r.task.generation, x.status, x.attempts, x.nextAttemptAt, x.finishedAt, x.lastStatusCode, lastError(r)].map(e);
    // The first row fixes the derived table's column names and types (a NULL there would type a column as NULL).
    if (i > 0) return `SELECT ${cells.join(", ")}`;
    const [id, prev, gen, status, attempts, nextAt, finishedAt, code, error] = cells;
    return (
      `SELECT CONVERT(${id} USING ${idType.charset}) COLLATE ${idType.collation} AS id, CAST(${prev} AS SIGNED) AS prev, CAST(${gen} AS SIGNED) AS gen, CAST(${status} AS CHAR(16)) AS status, ` +
      `CAST(${attempts} AS SIGNED) AS attempts, CAST(${nextAt} AS DATETIME(3)) AS next_at, CAST(${finishedAt} AS DATETIME(3)) AS finished_at, ` +
      `CAST(${code} AS SIGNED) AS code, CAST(${error} AS CHAR(1024)) AS error`
    );
  });
  return (
    `UPDATE tasks t JOIN (${states.join(" UNION ALL ")}) v ON t.id = v.id ` +
    "SET t.status = v.status, t.attempts = v.attempts, t.next_attempt_at = v.next_at, t.finished_at = v.finished_at, " +
    "t.last_status_code = v.code, t.last_error = v.error, t.waiting_reason = NULL, t.waiting_since = NULL, t.waiting_behind = NULL, t.updated_at = CURRENT_TIMESTAMP(3) " +
    `WHERE t.attempts = v.prev AND t.generation = v.gen AND t.status IN (${active})`
  );
}

function singleUpdate(r: AttemptRecord): string {
  const x = r.next;
  return (
    `UPDATE tasks SET status = ${e(x.status)}, attempts = ${e(x.attempts)}, next_attempt_at = ${e(x.nextAttemptAt)}, ` +
    `finished_at = ${e(x.finishedAt)}, last_status_code = ${e(x.lastStatusCode)}, last_error = ${e(lastError(r))}, waiting_reason = NULL, waiting_since = NULL, waiting_behind = NULL, ` +
    `updated_at = CURRENT_TIMESTAMP(3) WHERE id = ${e(r.task.id)} AND attempts = ${e(r.n - 1)} AND generation = ${e(r.task.generation)} AND status IN (${active})`
  );
}
