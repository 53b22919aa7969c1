import { randomBytes } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import type { RedisClient } from "../redis";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { users, type Role, type User } from "../db/schema/users";
import { hashPassword } from "../auth/password";
import { recordAudit } from "../audit/record-audit";
import { clearLoginLock } from "../auth/login-lockout";
import { findUserById } from "./find-user";

async function loadOther(db: Db, id: number, actorId: number, what: string): Promise<User> {
  // An admin who demotes, disables or resets themselves could lock everyone out of user management.
  if (id === actorId) throw new ApiError("forbidden", `You cannot ${what} your own account here.`);
  const user = await findUserById(db, id);
  if (!user) throw new ApiError("not_found", `No user with id ${id}.`);
  return user;
}

async function otherActiveAdmins(db: Db, exceptId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, exceptId)));
  return Number(row?.n ?? 0);
}

export async function setUserRole(db: Db, input: { id: number; role: Role; actorId: number; actor: string }) {
  const user = await loadOther(db, input.id, input.actorId, "change the role of");
  if (user.role === input.role) return user;
  if (user.role === "admin" && (await otherActiveAdmins(db, user.id)) === 0) {
    throw new ApiError("conflict", "This is the last active admin; promote someone else first.");
  }
  await db.transaction(async (tx) => {
    await tx.update(users).set({ role: input.role, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, user.id));
    await recordAudit(tx, { actor: input.actor, action: "user.role", objectType: "user", objectId: user.username, details: { from: user.role, to: input.role } });
  });
  return { ...user, role: input.role };
}

export async function setUserDisabled(db: Db, input: { id: number; disabled: boolean; actorId: number; actor: string }) {
  const user = await loadOther(db, input.id, input.actorId, input.disabled ? "disable" : "enable");
  if (user.disabled === input.disabled) return user;
  if (input.disabled && user.role === "admin" && (await otherActiveAdmins(db, user.id)) === 0) {
    throw new ApiError("conflict", "This is the last active admin; it cannot be disabled.");
  }
  await db.transaction(async (tx) => {
    await tx.update(users).set({ disabled: input.disabled, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, user.id));
    await recordAudit(tx, { actor: input.actor, action: input.disabled ? "user.disable" : "user.enable", objectType: "user", objectId: user.username });
  });
  return { ...user, disabled: input.disabled };
}

/**
 * Sets a random temporary password, shown once to the admin; the user must replace it at the next login. With
 * `redis`, the name's sign-in lock is lifted too: the reset is how a locked-out user gets back in.
 */
export async function resetUserPassword(db: Db, input: { id: number; actorId: number; actor: string; redis?: RedisClient }): Promise<{ user: User; temporaryPassword: string }> {
  const user = await loadOther(db, input.id, input.actorId, "reset the password of");
  const temporaryPassword = randomBytes(9).toString("base64url");
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: true, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, user.id));
    await recordAudit(tx, { actor: input.actor, action: "user.password_reset", objectType: "user", objectId: user.username });
  });
  if (input.redis) await clearLoginLock(input.redis, user.username);
  return { user, temporaryPassword };
}
