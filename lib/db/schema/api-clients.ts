import { boolean, char, int, json, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { createdAt, updatedAt } from "../columns";

export const apiClients = mysqlTable(
  "api_clients",
  {
    id: int("id").autoincrement().primaryKey(),
    name: varchar("name", { length: 128 }).notNull(),
    // Public key id: the kkbida `username` header and the middle of the native API key.
    username: varchar("username", { length: 64 }).notNull(),
    // SHA-256 of the random secret; secrets are 256-bit random, so a slow hash adds nothing.
    secretHash: char("secret_hash", { length: 64 }).notNull(),
    // Hosts this client may target (exact or *.suffix); null means any host the outbound policy allows.
    allowedHosts: json("allowed_hosts").$type<string[] | null>(),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("api_clients_username_uq").on(t.username), uniqueIndex("api_clients_name_uq").on(t.name)],
);

export type ApiClient = typeof apiClients.$inferSelect;
