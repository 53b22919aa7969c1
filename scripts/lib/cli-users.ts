import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { hashPassword } from "../../lib/auth/password";
import type { Db } from "../../lib/db/client";
import { roles, users, type Role } from "../../lib/db/schema/users";
import { SetupError } from "./setup-error";

const usernameRule = /^[A-Za-z0-9_.@-]{1,64}$/;

export function checkRole(role: string | undefined): Role {
  if (!roles.includes(role as Role)) throw new SetupError(`--role must be one of: ${roles.join(", ")}.`);
  return role as Role;
}

// The person running the CLI passes the password on; the user then picks their own at first login.
const newPassword = () => randomBytes(12).toString("base64url");

export async function createUser(db: Db, username: string, role: Role) {
  if (!usernameRule.test(username)) throw new SetupError("A user name has 1 to 64 letters, digits, or _ . @ -");
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  if (taken) throw new SetupError(`A user named "${username}" already exists.`);
  const password = newPassword();
  const [res] = await db.insert(users).values({ username, role, passwordHash: await hashPassword(password), mustChangePassword: true });
  process.stdout.write(`${JSON.stringify({ id: res.insertId, username, role, password })}\n`);
  console.error("The password is shown only now; it must be changed at first login.");
}

/** The way back in for a locked-out admin: a new one-time password, account enabled again. */
export async function resetUserPassword(db: Db, username: string) {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  if (!user) throw new SetupError(`No user named "${username}".`);
  const password = newPassword();
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), mustChangePassword: true, disabled: false })
    .where(eq(users.id, user.id));
  process.stdout.write(`${JSON.stringify({ id: user.id, username, password })}\n`);
  console.error("The password is shown only now; it must be changed at next login.");
}
