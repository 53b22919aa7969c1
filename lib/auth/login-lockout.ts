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

/** Counts a wrong password; returns the lock's length in seconds when this failure locked the name or the source. */
export async function recordLoginFailure(redis: RedisClient, username: string, source?: string | null): Promise<number> {
  const windowS = env.auth.loginLockS;
  let locked = 0;
  for (const [scope, id, limit] of scopes(username, source)) {
    const [[, count]] = (await redis.multi().incr(failKey(scope, id)).expire(failKey(scope, id), windowS, "NX").exec()) as [
      [Error | null, number],
      unknown,
    ];
    if (count < limit) continue;
    await redis.multi().set(lockKey(scope, id), "1", "EX", windowS).del(failKey(scope, id)).exec();
    locked = windowS;
  }
  return locked;
}

/** After a good password: the name's count starts again. The source's does not, or one known account would let a guesser reset it. */
export async function clearLoginFailures(redis: RedisClient, username: string): Promise<void> {
  await redis.del(failKey("user", canonicalUsername(username)));
}
