import type { RedisClient } from "../redis";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users, type User } from "../db/schema/users";
import { verifyPassword } from "../auth/password";
import { clearLoginFailures, lockedForSeconds, recordLoginFailure } from "../auth/login-lockout";
import { recordAudit } from "../audit/record-audit";
import { canonicalUsername } from "../auth/canonical-username";
import { logger } from "../logger";
import { findUserByName } from "./find-user";

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: "disabled" }
  | { ok: false; reason: "invalid"; triesLeft: number }
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
    const failure = await recordLoginFailure(deps.redis, input.username, input.source);
    await auditFailure(deps.db, input, failure.lockedForS > 0 ? { action: "auth.locked", details: { scopes: failure.lockedScopes, seconds: failure.lockedForS } } : { action: "auth.login_failed", details: { triesLeft: failure.triesLeft } });
    return failure.lockedForS > 0 ? { ok: false, reason: "locked", lockedForS: failure.lockedForS } : { ok: false, reason: "invalid", triesLeft: failure.triesLeft };
  }
  // Told only to someone who knows the password, so it reveals nothing to a guesser.
  if (user.disabled) return { ok: false, reason: "disabled" };

  await clearLoginFailures(deps.redis, input.username);
  await deps.db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { ok: true, user };
}

/**
 * A wrong password, or the one that locked the name or the source, in the audit log: under the canonical name
 * typed (known or not), with the source address. Attempts refused while locked are not written: a guesser would
 * fill the log, and the lock entry already says it happened. An audit write that fails never fails the sign-in.
 */
async function auditFailure(db: Db, input: { username: string; source?: string | null }, entry: { action: string; details: Record<string, unknown> }) {
  const name = canonicalUsername(input.username).slice(0, 64);
  await recordAudit(db, { actor: "system", action: entry.action, objectType: "user", objectId: name, details: { ...entry.details, source: input.source ?? null } }).catch((err: Error) =>
    logger.warn({ err: err.message }, "sign-in failure not written to the audit log"),
  );
}
