import { createHash, randomBytes } from "node:crypto";
import { redisKey, type RedisClient } from "../redis";

/** Stable JSON: keys sorted, so the same task content always hashes the same. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The idempotency key for a Dubbo call. A consumer times out after 1 s and retries twice; a retry (same caller
 * address, same task) within `windowMs` must get the first task's id. The content hash finds the earlier call
 * and a nonce kept in Redis for the window makes one key of it, so the tasks table's unique (client,
 * idempotency key) does the rest: a retry that arrives while the first insert is still open waits on its row
 * lock and then answers its id, and one after a failed first insert adds the task. Past the window the same
 * content is a new task, as kkbida made it.
 */
export async function retryKey(redis: RedisClient, caller: string | null, task: unknown, windowMs: number): Promise<string> {
  const hash = createHash("sha256").update(`${caller ?? "?"}\n${stable(task)}`).digest("hex");
  const nonce = randomBytes(8).toString("hex");
  const key = redisKey("dubbo", "retry", hash);
  // The first call sets the nonce; a retry finds it (a second round trip only for retries).
  if ((await redis.set(key, nonce, "PX", windowMs, "NX")) === "OK") return `dubbo:${hash}:${nonce}`;
  const earlier = await redis.get(key);
  return `dubbo:${hash}:${earlier ?? nonce}`;
}
