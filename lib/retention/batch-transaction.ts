import type { PoolConnection } from "mysql2/promise";
import type { Pool } from "../db/client";

// Deadlock and lock-wait timeout: the batch was rolled back whole and can simply run again.
const RETRYABLE = new Set([1213, 1205]);
const TRIES = 3;

/**
 * Runs one retention batch in its own short transaction at READ COMMITTED: its locks are on the rows it deletes
 * only (no gap locks on the indexes a submit or an attempt writes into), and a statement sees what others
 * committed before it. A batch either commits whole or not at all, so a worker killed mid-batch leaves nothing
 * half-deleted. Needs row or mixed binary logging where the binlog is on (statement logging refuses it).
 */
export async function inBatchTransaction<T>(pool: Pool, work: (conn: PoolConnection) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const conn = await pool.getConnection();
    try {
      await conn.query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
      await conn.query("START TRANSACTION");
      const result = await work(conn);
      await conn.query("COMMIT");
      return result;
    } catch (err) {
      await conn.query("ROLLBACK").catch(() => undefined);
      const errno = (err as { errno?: number }).errno;
      if (attempt >= TRIES || errno === undefined || !RETRYABLE.has(errno)) throw err;
    } finally {
      conn.release();
    }
  }
}
