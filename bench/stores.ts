import { Redis } from "ioredis";
import mysql, { type Pool } from "mysql2/promise";
import { ensureDatabase, runMigrations } from "@/lib/db/migrate";

/**
 * The bench's own database and Redis database, made anew before each run. Both are refused unless they are
 * clearly the bench's: a database whose name contains "bench", and a Redis database other than 0.
 */
export async function prepareStores(databaseUrl: string, redisUrl: string): Promise<void> {
  const dbName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!/^[\w-]+$/.test(dbName)) throw new Error(`Unsupported bench database name "${dbName}"`);
  if (!dbName.includes("bench")) throw new Error(`The bench empties its database; "${dbName}" does not look like one of its own (name it *bench*).`);
  const redisDb = Number(new URL(redisUrl).pathname.slice(1) || "0");
  if (redisDb === 0) throw new Error("The bench flushes its Redis database; give it one of its own, e.g. redis://127.0.0.1:6379/2.");

  // Dropped and made again rather than emptied: a migration edited while it was being written (other work in this
  // tree) would otherwise meet the tables its earlier draft left, and the bench's baseline table goes with it.
  const server = new URL(databaseUrl);
  server.pathname = "/";
  const conn = await mysql.createConnection({ uri: server.toString(), connectTimeout: 5_000 });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  } finally {
    await conn.end();
  }
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);

  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 3_000 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** Tasks not yet final. Served by the (status, id) index, so it reads only the rows still in flight. */
export async function countUnfinished(pool: Pool): Promise<number> {
  const [rows] = await pool.query("SELECT COUNT(*) AS n FROM tasks WHERE status IN ('queued', 'running', 'retrying')");
  return Number((rows as Array<{ n: number }>)[0]!.n);
}

/**
 * What the unfinished tasks wait for, for the message of a phase that did not end: by status and waiting reason,
 * with when their next attempts are due (a deferral at a host's gate moves next_attempt_at; see docs/architecture.md §3a).
 */
export async function unfinishedBreakdown(pool: Pool): Promise<string> {
  const [rows] = await pool.query(
    "SELECT status, waiting_reason AS reason, COUNT(*) AS n, " +
      "ROUND(TIMESTAMPDIFF(MICROSECOND, CURRENT_TIMESTAMP(3), MIN(next_attempt_at)) / 1e6, 1) AS dueFirstS, " +
      "ROUND(TIMESTAMPDIFF(MICROSECOND, CURRENT_TIMESTAMP(3), MAX(next_attempt_at)) / 1e6, 1) AS dueLastS " +
      "FROM tasks WHERE status IN ('queued', 'retrying') GROUP BY status, waiting_reason",
  );
  return (rows as Array<{ status: string; reason: string | null; n: number; dueFirstS: number | null; dueLastS: number | null }>)
    .map((r) => `${Number(r.n)} ${r.status}${r.reason ? ` waiting (${r.reason})` : ""}, next attempts due in ${r.dueFirstS} to ${r.dueLastS} s`)
    .join("; ");
}

export async function statusTotals(pool: Pool): Promise<{ byStatus: Record<string, number>; attempts: number }> {
  const [statusRows] = await pool.query("SELECT status, COUNT(*) AS n FROM tasks GROUP BY status");
  const [attemptRows] = await pool.query("SELECT COUNT(*) AS n FROM attempts");
  return {
    byStatus: Object.fromEntries((statusRows as Array<{ status: string; n: number }>).map((r) => [r.status, Number(r.n)])),
    attempts: Number((attemptRows as Array<{ n: number }>)[0]!.n),
  };
}

/** Pages of InnoDB's buffer pool changed in memory and not yet written to disk (the whole server's). */
export async function dirtyPages(pool: Pool): Promise<number> {
  const [rows] = await pool.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'");
  return Number((rows as Array<{ Value: string }>)[0]?.Value ?? 0);
}
