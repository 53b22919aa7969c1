import { asc } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema/users";

/** Every console user without the password hash; a console has tens of users, so no paging. */
export async function listUsers(db: Db) {
  return db
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      disabled: users.disabled,
      mustChangePassword: users.mustChangePassword,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.username));
}

export type UserListItem = Awaited<ReturnType<typeof listUsers>>[number];
