import mysql, { type ResultSetHeader, type RowDataPacket } from "mysql2/promise";
import type { Pool } from "../db/client";
import { inBatchTransaction } from "./batch-transaction";
import type { BatchLoop } from "./batch-loop";

/** Append-only logs whose auto-increment id follows created_at: they are deleted from the oldest id on. */
export const logTables = { alerts: "alerts", audit: "audit_log" } as const;

/**
 * Deletes rows created before the cutoff from the start of the table's primary key, `batch` ids per transaction,
 * with no index on created_at: ids grow with time, so the old rows are the first ones, and the walk stops at the
 * first row that is young enough to keep. Each DELETE is bounded by an id range, so it locks that range only.
 */
export async function deleteOldLogRows(pool: Pool, table: (typeof logTables)[keyof typeof logTables], cutoff: Date, loop: BatchLoop): Promise<number> {
  let deleted = 0;
  let after = 0;
  const before = mysql.escape(cutoff, false, "Z");
  while (!loop.stopped()) {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT id, created_at < ${before} AS old FROM ${table} WHERE id > ${after} ORDER BY id LIMIT ${loop.batch}`);
    const firstYoung = rows.findIndex((r) => !Number(r.old));
    const old = firstYoung === -1 ? rows : rows.slice(0, firstYoung);
    if (old.length === 0) break;
    const lo = Number(old[0]!.id);
    const hi = Number(old[old.length - 1]!.id);
    const n = await inBatchTransaction(pool, async (conn) => {
      const [r] = await conn.query<ResultSetHeader>(`DELETE FROM ${table} WHERE id BETWEEN ${lo} AND ${hi} AND created_at < ${before}`);
      return r.affectedRows;
    });
    deleted += n;
    await loop.progress(table === "alerts" ? { alerts: n } : { audit: n });
    if (firstYoung !== -1 || rows.length < loop.batch) break;
    after = hi;
    await loop.pause();
  }
  return deleted;
}
