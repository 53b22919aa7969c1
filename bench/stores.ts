import { Redis } from "ioredis";
import type { Pool } from "mysql2/promise";
import { ensureDatabase, runMigrations } from "@/lib/db/migrate";
import { createDb } from "@/lib/db/client";

/**
 * The bench's own database and Redis database, emptied before each run. Both are refused unless they are
 * clearly the bench's: a database whose name contains "bench", and a Redis database other than 0.
 */
export async function prepareStores(databaseUrl: string, redisUrl: string): Promise<void> {
  const dbName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!dbName.includes("bench")) throw new Error(`The bench empties its database; "${dbName}" does not look like one of its own (name it *bench*).`);
  const redisDb = Number(new URL(redisUrl).pathname.slice(1) || "0");
  if (redisDb === 0) throw new Error("The bench flushes its Redis database; give it one of its own, e.g. redis://127.0.0.1:6379/2.");

  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const { pool } = createDb({ url: databaseUrl, poolSize: 1 });
  try {
    const [rows] = await pool.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'", [dbName]);
    const tables = (rows as Array<{ name: string }>).map((r) => r.name).filter((t) => !t.includes("drizzle"));
    const conn = await pool.getConnection();
    try {
      await conn.query("SET FOREIGN_KEY_CHECKS = 0");
      for (const t of tables) await conn.query(`TRUNCATE TABLE \`${t}\``);
      await conn.query("SET FOREIGN_KEY_CHECKS = 1");
    } finally {
      conn.release();
    }
  } finally {
    await pool.end();
  }

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
