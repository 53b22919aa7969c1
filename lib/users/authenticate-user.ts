import type { RedisClient } from "../redis";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users, type User } from "../db/schema/users";
import { verifyPassword } from "../auth/password";
import { clearLoginFailures, lockedForSeconds, recordLoginFailure } from "../auth/login-lockout";
import { findUserByName } from "./find-user";

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "locked"; lockedForS: number };

// Compared against when the username is unknown, so both paths cost one bcrypt check and take as long.
const dummyHash = "$2b$10$6bpKIJlMNTxWA/8jdChovehA3Tfvn1hu4VFwlCa/kTe8JrpX3zkuy";

/** Checks a console login, counting wrong passwords towards the username's lockout. */
export async function authenticateUser(
  deps: { db: Db; redis: RedisClient },
  input: { username: string; password: string; source?: string | null },
): Promise<LoginResult> {
  const lockedForS = await lockedForSeconds(deps.redis, input.username, input.source);
  if (lockedForS > 0) return { ok: false, reason: "locked", lockedForS };

  const user = await findUserByName(deps.db, input.username);
  const valid = await verifyPassword(input.password, user?.passwordHash ?? dummyHash);
  if (!user || !valid) {
    const lockedNowS = await recordLoginFailure(deps.redis, input.username, input.source);
    return lockedNowS > 0 ? { ok: false, reason: "locked", lockedForS: lockedNowS } : { ok: false, reason: "invalid" };
  }
  // Told only to someone who knows the password, so it reveals nothing to a guesser.
  if (user.disabled) return { ok: false, reason: "disabled" };

  await clearLoginFailures(deps.redis, input.username);
  await deps.db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { ok: true, user };
}
