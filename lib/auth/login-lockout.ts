import { env } from "../env";
import { type RedisClient, redisKey } from "../redis";
import { canonicalUsername } from "./canonical-username";

// Failures are counted per canonical form of the typed name (known or not, so a lock reveals nothing about which
// accounts exist) and per source address, each with its own limit. The window starts at the first failure;
// reaching a limit sets a lock key that expires on its own.
type Scope = "user" | "ip";
const failKey = (scope: Scope, id: string) => redisKey("login", "failures", scope, id);
const lockKey = (scope: Scope, id: string) => redisKey("login", "locked", scope, id);

function scopes(username: string, source: string | null | undefined): Array<[Scope, string, number]> {
  const list: Array<[Scope, string, number]> = [["user", canonicalUsername(username), env.auth.loginMaxFailures]];
  if (source) list.push(["ip", source, env.auth.loginMaxFailuresPerIp]);
  return list;
}

/** Seconds until the username (or the source address) unlocks; 0 when neither is locked. */
export async function lockedForSeconds(redis: RedisClient, username: string, source?: string | null): Promise<number> {
  const ttls = await Promise.all(scopes(username, source).map(([scope, id]) => redis.ttl(lockKey(scope, id))));
  return Math.max(0, ...ttls);
}

export interface LoginFailure {
  /** The lock's length in seconds when this failure locked the name or the source; 0 otherwise. */
  lockedForS: number;
  /** Which of them it locked. */
  lockedScopes: Scope[];
  /** Wrong passwords left before a lock (the fewer of name and source), so the form can warn before the last. */
  triesLeft: number;
}

/** Counts a wrong password against the name and the source. */
export async function recordLoginFailure(redis: RedisClient, username: string, source?: string | null): Promise<LoginFailure> {
  const windowS = env.auth.loginLockS;
  const result: LoginFailure = { lockedForS: 0, lockedScopes: [], triesLeft: Number.MAX_SAFE_INTEGER };
  for (const [scope, id, limit] of scopes(username, source)) {
    const [[, count]] = (await redis.multi().incr(failKey(scope, id)).expire(failKey(scope, id), windowS, "NX").exec()) as [
      [Error | null, number],
      unknown,
    ];
    result.triesLeft = Math.min(result.triesLeft, Math.max(0, limit - count));
    if (count < limit) continue;
    await redis.multi().set(lockKey(scope, id), "1", "EX", windowS).del(failKey(scope, id)).exec();
    result.lockedForS = windowS;
    result.lockedScopes.push(scope);
  }
  return result;
}

/** A name's lock as the Users page shows it: seconds until it unlocks (0: not locked) and wrong passwords so far. */
export async function loginLockState(redis: RedisClient, username: string): Promise<{ lockedForS: number; failures: number }> {
  const id = canonicalUsername(username);
  const [[, ttl], [, failures]] = (await redis.multi().ttl(lockKey("user", id)).get(failKey("user", id)).exec()) as [[Error | null, number], [Error | null, string | null]];
  return { lockedForS: Math.max(0, ttl), failures: Number(failures ?? 0) };
}

/**
 * Lifts a name's lock and forgets its wrong passwords (an admin's unlock, a password reset). A locked source
 * address is left alone: it may be a guesser spraying many names, which no one account's unlock should free.
 */
export async function clearLoginLock(redis: RedisClient, username: string): Promise<boolean> {
  const id = canonicalUsername(username);
  const removed = await redis.del(lockKey("user", id), failKey("user", id));
  return removed > 0;
}

/** After a good password: the name's count starts again. The source's does not, or one known account would let a guesser reset it. */
export async function clearLoginFailures(redis: RedisClient, username: string): Promise<void> {
  await redis.del(failKey("user", canonicalUsername(username)));
}
