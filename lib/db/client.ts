import { drizzle } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import { env } from "../env";
import * as schema from "./schema";

export interface DbOptions {
  url?: string;
  poolSize?: number;
  /** Only for the worker's attempt recorder, which sends a whole transaction in one round trip. */
  multipleStatements?: boolean;
}

export function createDb({ url = env.db.url, poolSize = env.db.poolSize, multipleStatements = false }: DbOptions = {}) {
  const pool = mysql.createPool({
    uri: url,
    multipleStatements,
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
  // Every timestamp is UTC, whatever the server's zone, so CURRENT_TIMESTAMP(3) and app-written times agree.
  pool.on("connection", (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  const db = drizzle(pool, { schema, mode: "default" });
  return { db, pool };
}

export type Db = ReturnType<typeof createDb>["db"];
export type Pool = ReturnType<typeof createDb>["pool"];
