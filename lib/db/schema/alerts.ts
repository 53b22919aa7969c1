import { bigint, index, int, mediumtext, mysqlEnum, mysqlTable, smallint, varchar } from "drizzle-orm/mysql-core";
import { createdAt, timestamp3, updatedAt, uuidId } from "../columns";

export const alertStatuses = ["pending", "sent", "failed", "folded"] as const;

export const alerts = mysqlTable(
  "alerts",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    channelId: int("channel_id").notNull(),
    taskId: uuidId("task_id"),
    event: varchar("event", { length: 32 }).notNull(),
    status: mysqlEnum("status", alertStatuses).notNull().default("pending"),
    attempts: smallint("attempts").notNull().default(0),
    responseStatus: smallint("response_status"),
    response: mediumtext("response"),
    error: varchar("error", { length: 1024 }),
    // The body that was sent, so the log shows what the chat group saw.
    message: mediumtext("message"),
    // A folded alert points at the summary alert that carried it.
    foldedInto: bigint("folded_into", { mode: "number", unsigned: true }),
    sentAt: timestamp3("sent_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The alert log page lists newest first, per channel or per task.
    index("alerts_channel_idx").on(t.channelId, t.id),
    index("alerts_task_idx").on(t.taskId),
  ],
);

export type AlertRow = typeof alerts.$inferSelect;
