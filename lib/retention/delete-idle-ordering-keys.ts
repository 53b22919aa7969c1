import mysql, { type ResultSetHeader, type RowDataPacket } from "mysql2/promise";
import type { Pool } from "../db/client";
import { inBatchTransaction } from "./batch-transaction";
import type { BatchLoop } from "./batch-loop";

const e = (v: mysql.SqlValue) => mysql.escape(v, false, "Z");
const keyIn = (keys: Array<{ clientId: number; key: string }>, alias = "") =>
  keys.map((k) => `(${alias}client_id = ${e(k.clientId)} AND ${alias}ordering_key = ${e(k.key)})`).join(" OR ");

/**
 * Deletes the ordering_keys rows of keys that no task names any more (their tasks were deleted by retention), so
 * the table grows with the keys in use, not with every key ever used. A key whose tasks are all final but kept
 * stays: its numbers then never restart while a task still shows one. A key deleted here starts again at 1 with
 * its next task, which is safe because no task of it is left to order against.
 *
 * Why the lock: a submit takes its key's row (INSERT … ON DUPLICATE KEY UPDATE) and holds it until its tasks are
 * committed. Locking the rows first and only then looking for tasks (a fresh read at READ COMMITTED) means every
 * task of a key is either committed and seen, or its submit waits for this commit and then makes the row again.
 */
export async function deleteIdleOrderingKeys(pool: Pool, loop: BatchLoop): Promise<number> {
  let deleted = 0;
  let after: { clientId: number; key: string } | null = null;
  while (!loop.stopped()) {
    const page: string = after ? `WHERE client_id > ${e(after.clientId)} OR (client_id = ${e(after.clientId)} AND ordering_key > ${e(after.key)})` : "";
    const [rows]: [RowDataPacket[], unknown] = await pool.query<RowDataPacket[]>(`SELECT client_id AS clientId, ordering_key AS \`key\` FROM ordering_keys ${page} ORDER BY client_id, ordering_key LIMIT ${loop.batch}`);
    if (rows.length === 0) break;
    const keys: Array<{ clientId: number; key: string }> = rows.map((r) => ({ clientId: Number(r.clientId), key: String(r.key) }));
    after = keys[keys.length - 1]!;
    // A first look without locks, so the rows of keys in use (most of them) are never locked at all.
    const [used] = await pool.query<RowDataPacket[]>(
      `SELECT k.client_id AS clientId, k.ordering_key AS \`key\` FROM ordering_keys k WHERE (${keyIn(keys, "k.")}) ` +
        "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.client_id = k.client_id AND t.ordering_key = k.ordering_key)",
    );
    const idle = used.map((r) => ({ clientId: Number(r.clientId), key: String(r.key) }));
    if (idle.length > 0) {
      const n = await inBatchTransaction(pool, async (conn) => {
        const [locked] = await conn.query<RowDataPacket[]>(`SELECT client_id AS clientId, ordering_key AS \`key\` FROM ordering_keys WHERE ${keyIn(idle)} FOR UPDATE`);
        if (locked.length === 0) return 0;
        const lockedKeys = locked.map((r) => ({ clientId: Number(r.clientId), key: String(r.key) }));
        const [r] = await conn.query<ResultSetHeader>(
          `DELETE FROM ordering_keys WHERE (${keyIn(lockedKeys)}) ` +
            "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.client_id = ordering_keys.client_id AND t.ordering_key = ordering_keys.ordering_key)",
        );
        return r.affectedRows;
      });
      deleted += n;
      await loop.progress({ orderingKeys: n });
    }
    if (rows.length < loop.batch) break;
    await loop.pause();
  }
  return deleted;
}
