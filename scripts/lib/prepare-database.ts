import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import { ensureDatabase, runMigrations } from "../../lib/db/migrate";
import { SetupError } from "./setup-error";

export const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));

/** Creates the database if needed and applies every committed migration. */
export async function prepareDatabase(url: string): Promise<void> {
  await ensureDatabase(url);
  await runMigrations(url);
}

/**
 * Drops the test database and the test run's Redis keys so every `npm test` starts from nothing.
 * Refuses any database whose name does not say "test": a mistyped URL must not wipe real data.
 */
export async function resetTestState(databaseUrl: string, redisUrl: string, redisPrefix: string): Promise<void> {
  const name = databaseName(databaseUrl);
  if (!/test/i.test(name) || !/^[\w-]+$/.test(name)) {
    throw new SetupError(`Refusing to reset database "${name}": only a database whose name contains "test" is reset.`);
  }
  if (!/test/i.test(redisPrefix)) {
    throw new SetupError(`Refusing to clear Redis prefix "${redisPrefix}": only a prefix containing "test" is cleared.`);
  }
  const server = new URL(databaseUrl);
  server.pathname = "/";
  const conn = await mysql.createConnection({ uri: server.toString(), connectTimeout: 5_000 });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
  await deleteKeys(redisUrl, redisPrefix);
}

/** Deletes `<prefix>:*` with SCAN, never FLUSHALL: the Redis may be shared. */
async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}:*`;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
