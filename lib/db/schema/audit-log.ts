import { bigint, index, json, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { createdAt } from "../columns";

export const auditLog = mysqlTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    // "user:<name>", "client:<name>" or "system".
    actor: varchar("actor", { length: 128 }).notNull(),
    action: varchar("action", { length: 64 }).notNull(),
    objectType: varchar("object_type", { length: 32 }).notNull(),
    objectId: varchar("object_id", { length: 64 }),
    details: json("details").$type<Record<string, unknown> | null>(),
    createdAt: createdAt(),
  },
  (t) => [
    // The audit page filters by object (a task's history) and by actor.
    index("audit_object_idx").on(t.objectType, t.objectId),
    index("audit_actor_idx").on(t.actor, t.id),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
