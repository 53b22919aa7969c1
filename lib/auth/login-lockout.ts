import type { Redis } from "ioredis";
import { env } from "../env";
import { redisKey } from "../redis";

// Failures are counted per username (known or not, so a lock reveals nothing about which accounts exist).
// The window starts at the first failure; reaching the limit sets a lock key that expires on its own.
const failKey = (username: string) => redisKey("login", "failures", username.toLowerCase());
const lockKey = (username: string) => redisKey("login", "locked", username.toLowerCase());

/** Seconds until the username unlocks; 0 when it is not locked. */
export async function lockedForSeconds(redis: Redis, username: string): Promise<number> {
  const ttl = await redis.ttl(lockKey(username));
  return ttl > 0 ? ttl : 0;
}

/** Counts a wrong password; returns the lock's length in seconds when this failure locked the username. */
export async function recordLoginFailure(redis: Redis, username: string): Promise<number> {
  const windowS = env.auth.loginLockS;
  const [[, count]] = (await redis.multi().incr(failKey(username)).expire(failKey(username), windowS, "NX").exec()) as [
    [Error | null, number],
    unknown,
  ];
  if (count < env.auth.loginMaxFailures) return 0;
  await redis.multi().set(lockKey(username), "1", "EX", windowS).del(failKey(username)).exec();
  return windowS;
}

export async function clearLoginFailures(redis: Redis, username: string): Promise<void> {
  await redis.del(failKey(username));
}
