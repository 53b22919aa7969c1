import { drizzle } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import { env } from "../env";
import * as schema from "./schema";

export function createDb(url = env.db.url, poolSize = env.db.poolSize) {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: poolSize,
    // Fail fast instead of queueing forever when MySQL is down, so callers answer 503.
    connectTimeout: 3_000,
    waitForConnections: true,
    queueLimit: 5_000,
    enableKeepAlive: true,
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
  });
  const db = drizzle(pool, { schema, mode: "default" });
  return { db, pool };
}

export type Db = ReturnType<typeof createDb>["db"];
export type Pool = ReturnType<typeof createDb>["pool"];

const globalForDb = globalThis as unknown as { bidaDb?: ReturnType<typeof createDb> };

/** The process-wide pool (survives Next.js dev reloads). */
export function getDb(): ReturnType<typeof createDb> {
  globalForDb.bidaDb ??= createDb();
  return globalForDb.bidaDb;
}
