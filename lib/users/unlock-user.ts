import type { RedisClient } from "../redis";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { clearLoginLock, loginLockState } from "../auth/login-lockout";
import { findUserById } from "./find-user";

/** Users as the Users page lists them, each with its sign-in lock: seconds until it lifts (0: none) and when. */
export async function withLockState<T extends { username: string }>(redis: RedisClient, list: T[], now = Date.now()) {
  const states = await Promise.all(list.map((u) => loginLockState(redis, u.username)));
  return list.map((u, i) => {
    const s = states[i]!;
    return { ...u, lockedForS: s.lockedForS, unlocksAt: s.lockedForS > 0 ? new Date(now + s.lockedForS * 1000) : null, failedLogins: s.failures };
  });
}

/** An admin lifts a user's sign-in lock (and forgets their wrong passwords); audited even when no lock was held. */
export async function unlockUser(deps: { db: Db; redis: RedisClient }, input: { id: number; actor: string }) {
  const user = await findUserById(deps.db, input.id);
  if (!user) throw new ApiError("not_found", `No user with id ${input.id}.`);
  const wasLocked = (await loginLockState(deps.redis, user.username)).lockedForS > 0;
  await clearLoginLock(deps.redis, user.username);
  await recordAudit(deps.db, { actor: input.actor, action: "user.unlock", objectType: "user", objectId: user.username, details: { wasLocked } });
  return { user, wasLocked };
}
