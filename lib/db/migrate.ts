import { migrate } from "drizzle-orm/mysql2/migrator";
import { drizzle } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import path from "node:path";

/** Creates the database named in the URL when it is missing. */
export async function ensureDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!/^[\w-]+$/.test(name)) throw new Error(`Unsupported database name in DATABASE_URL: "${name}"`);
  parsed.pathname = "/";
  const conn = await mysql.createConnection({ uri: parsed.toString(), connectTimeout: 5_000 });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/** Applies the committed SQL migrations in drizzle/. */
export async function runMigrations(url: string): Promise<void> {
  const conn = await mysql.createConnection({ uri: url, multipleStatements: true, connectTimeout: 5_000 });
  try {
    await migrate(drizzle(conn), { migrationsFolder: path.resolve(process.cwd(), "drizzle") });
  } finally {
    await conn.end();
  }
}
