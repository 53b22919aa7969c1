import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { users } from "../db/schema/users";
import { hashPassword, verifyPassword } from "../auth/password";
import { recordAudit } from "../audit/record-audit";
import { findUserById } from "./find-user";

/** A user replaces their own password; the current one is asked again so a left-open session cannot. */
/** Returns the user's session version before and after: the change ends every session of the user but the caller's. */
export async function changeOwnPassword(db: Db, input: { userId: number; currentPassword: string; newPassword: string }): Promise<{ from: number; to: number }> {
  const user = await findUserById(db, input.userId);
  if (!user || user.disabled) throw new ApiError("unauthorized", "Your session is no longer valid; sign in again.");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new ApiError("validation_failed", "The current password is wrong.", [{ path: "currentPassword", message: "wrong password" }]);
  }
  if (input.newPassword === input.currentPassword) {
    throw new ApiError("validation_failed", "Choose a password different from the current one.", [{ path: "newPassword", message: "same as the current password" }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, user.id));
    await recordAudit(tx, { actor: `user:${user.username}`, action: "user.password_change", objectType: "user", objectId: user.username });
  });
  return { from: user.sessionVersion, to: user.sessionVersion + 1 };
}
