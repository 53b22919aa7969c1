import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { users } from "../db/schema/users";
import { hashPassword } from "../auth/password";
import { recordAudit } from "../audit/record-audit";
import type { NewUserInput } from "./user-input";

const isDuplicate = (err: unknown) =>
  (err as { code?: string }).code === "ER_DUP_ENTRY" || (err as { cause?: { code?: string } }).cause?.code === "ER_DUP_ENTRY";

/** Adds a console user; the first login must choose a new password unless told otherwise. */
export async function createUser(
  db: Db,
  input: NewUserInput & { actor: string; mustChangePassword?: boolean },
): Promise<number> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [res] = await tx.insert(users).values({
        username: input.username,
        passwordHash,
        role: input.role,
        mustChangePassword: input.mustChangePassword ?? true,
      });
      await recordAudit(tx, {
        actor: input.actor,
        action: "user.create",
        objectType: "user",
        objectId: input.username,
        details: { role: input.role },
      });
      return res.insertId;
    });
  } catch (err) {
    if (isDuplicate(err)) throw new ApiError("conflict", `A user named "${input.username}" already exists.`, [{ path: "username", message: "already taken" }]);
    throw err;
  }
}
