import mysql, { type ResultSetHeader, type RowDataPacket } from "mysql2/promise";
import type { Pool } from "../db/client";
import { finalStatuses, sqlStatusList } from "../tasks/lifecycle/statuses";
import { inBatchTransaction } from "./batch-transaction";
import type { BatchLoop } from "./batch-loop";

const e = (v: mysql.SqlValue) => mysql.escape(v, false, "Z");
const FINAL = sqlStatusList(finalStatuses);

/**
 * Deletes final tasks that finished before the cutoff, with their attempts, `batch` tasks per transaction: the
 * candidates are read without locks along tasks_finished_idx, then locked again by primary key with the same
 * conditions (a task retried meanwhile is no longer final and stays), and their attempts go before them in the
 * same transaction. Resolves with the rows deleted.
 */
export async function deleteOldTasks(pool: Pool, cutoff: Date, loop: BatchLoop): Promise<{ tasks: number; attempts: number }> {
  const deleted = { tasks: 0, attempts: 0 };
  // Keyset over (finished_at, id): rows that stay (none should: a retry clears finished_at) are passed, not re-read.
  let after: { at: Date; id: string } | null = null;
  while (!loop.stopped()) {
    const page: string = after ? `AND (finished_at > ${e(after.at)} OR (finished_at = ${e(after.at)} AND id > ${e(after.id)}))` : "";
    const [rows]: [RowDataPacket[], unknown] = await pool.query<RowDataPacket[]>(
      `SELECT id, finished_at AS finishedAt FROM tasks FORCE INDEX (tasks_finished_idx) WHERE finished_at < ${e(cutoff)} ${page} ` +
        `AND status IN (${FINAL}) ORDER BY finished_at, id LIMIT ${loop.batch}`,
    );
    if (rows.length === 0) break;
    const last: RowDataPacket = rows[rows.length - 1]!;
    after = { at: last.finishedAt as Date, id: last.id as string };
    const ids = rows.map((r) => e(r.id as string)).join(",");
    const batch = await inBatchTransaction(pool, async (conn) => {
      const [locked] = await conn.query<RowDataPacket[]>(
        `SELECT id FROM tasks WHERE id IN (${ids}) AND status IN (${FINAL}) AND finished_at < ${e(cutoff)} FOR UPDATE`,
      );
      if (locked.length === 0) return { tasks: 0, attempts: 0 };
      const lockedIds = locked.map((r) => e(r.id as string)).join(",");
      // Attempts first: even outside a transaction, no attempt would be left without its task.
      const [a] = await conn.query<ResultSetHeader>(`DELETE FROM attempts WHERE task_id IN (${lockedIds})`);
      const [t] = await conn.query<ResultSetHeader>(`DELETE FROM tasks WHERE id IN (${lockedIds})`);
      return { tasks: t.affectedRows, attempts: a.affectedRows };
    });
    deleted.tasks += batch.tasks;
    deleted.attempts += batch.attempts;
    await loop.progress({ tasks: batch.tasks, attempts: batch.attempts });
    if (rows.length < loop.batch) break;
    await loop.pause();
  }
  return deleted;
}
