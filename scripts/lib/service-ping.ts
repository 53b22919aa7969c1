import { Redis } from "ioredis";
import mysql from "mysql2/promise";

export type Ping = { ok: true } | { ok: false; reachable: boolean; reason: string };

const errText = (err: unknown) => {
  const e = err as { code?: string; message?: string; errors?: { message: string }[] };
  // Node's "connect ECONNREFUSED" for localhost arrives as an AggregateError with an empty message.
  return e.message || e.errors?.map((x) => x.message).join("; ") || e.code || String(err);
};

/** Connects without choosing a database (it may not exist yet); `reachable` means the server answered. */
export async function pingMysql(url: string, timeoutMs = 2_000): Promise<Ping> {
  const u = new URL(url);
  u.pathname = "/";
  try {
    const conn = await mysql.createConnection({ uri: u.toString(), connectTimeout: timeoutMs });
    await conn.query("SELECT 1");
    await conn.end();
    return { ok: true };
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    // An ER_* code is the server speaking: it is up, but refuses these credentials.
    return { ok: false, reachable: code.startsWith("ER_"), reason: errText(err) };
  }
}

export async function pingRedis(url: string, timeoutMs = 2_000): Promise<Ping> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The socket error says why ("connect ECONNREFUSED …"); the rejected promise only says "Connection is closed".
  let socketError: unknown;
  redis.on("error", (err) => (socketError ??= err));
  try {
    await redis.connect();
    await redis.ping();
    return { ok: true };
  } catch (err) {
    const reason = errText(socketError ?? err);
    return { ok: false, reachable: /NOAUTH|WRONGPASS|ERR/.test(reason), reason };
  } finally {
    redis.disconnect();
  }
}
