import { boolean, int, mysqlEnum, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { createdAt, timestamp3, updatedAt } from "../columns";

export const roles = ["admin", "operator", "viewer"] as const;
export type Role = (typeof roles)[number];

export const users = mysqlTable(
  "users",
  {
    id: int("id").autoincrement().primaryKey(),
    username: varchar("username", { length: 64 }).notNull(),
    passwordHash: varchar("password_hash", { length: 255 }).notNull(),
    role: mysqlEnum("role", roles).notNull().default("viewer"),
    // Set for the seeded account and after an admin reset: the next login must choose a new password.
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    disabled: boolean("disabled").notNull().default(false),
    lastLoginAt: timestamp3("last_login_at"),
    // Raised by disabling, a role change or a password change: sessions carrying an older value are ended.
    sessionVersion: int("session_version").notNull().default(0),
    // The console language the user chose (en, zh-CN); null follows the browser's Accept-Language.
    locale: varchar("locale", { length: 16 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_username_uq").on(t.username)],
);

export type User = typeof users.$inferSelect;
