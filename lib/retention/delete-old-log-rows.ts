import mysql, { type ResultSetHeader, type RowDataPacket } from "mysql2/promise";
import type { Pool } from "../db/client";
import { inBatchTransaction } from "./batch-transaction";
import type { BatchLoop } from "./batch-loop";

/** Append-only logs whose auto-increment id follows created_at: they are deleted from the oldest id on. */
export const logTables = { alerts: "alerts", audit: "audit_log" } as const;

/**
 * Deletes rows created before the cutoff from the start of the table's primary key, `batch` ids per transaction,
 * with no index on created_at: ids grow with time, so the old rows are the first ones, and the walk stops at the
 * first window of ids with none old enough. Each DELETE names its ids, so it locks those rows only.
 */
export async function deleteOldLogRows(pool: Pool, table: (typeof logTables)[keyof typeof logTables], cutoff: Date, loop: BatchLoop): Promise<number> {
  let deleted = 0;
  let after = 0;
  const before = mysql.escape(cutoff, false, "Z");
  while (!loop.stopped()) {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT id, created_at < ${before} AS old FROM ${table} WHERE id > ${after} ORDER BY id LIMIT ${loop.batch}`);
    // Ids follow created_at but not strictly (rows written at the same moment by several processes): within a
    // window of ids, the old rows are deleted and the young ones skipped; a window with no old row ends the walk.
    const old = rows.filter((r) => Number(r.old)).map((r) => Number(r.id));
    if (old.length === 0) break;
    const n = await inBatchTransaction(pool, async (conn) => {
      const [r] = await conn.query<ResultSetHeader>(`DELETE FROM ${table} WHERE id IN (${old.join(",")}) AND created_at < ${before}`);
      return r.affectedRows;
    });
    deleted += n;
    await loop.progress(table === "alerts" ? { alerts: n } : { audit: n });
    if (rows.length < loop.batch) break;
    after = Number(rows[rows.length - 1]!.id);
    await loop.pause();
  }
  return deleted;
}
