import { bigint, boolean, index, int, json, mediumtext, mysqlTable, smallint, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { timestamp3, uuidId } from "../columns";

export const attempts = mysqlTable(
  "attempts",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    taskId: uuidId("task_id").notNull(),
    n: int("n").notNull(),
    startedAt: timestamp3("started_at").notNull(),
    durationMs: int("duration_ms").notNull(),
    statusCode: smallint("status_code"),
    // Up to 64 KiB of the answer; mediumtext because 64 KiB of UTF-8 can exceed TEXT's byte limit.
    responseExcerpt: mediumtext("response_excerpt"),
    error: varchar("error", { length: 1024 }),
    // The URL this attempt called (a retry with a corrected URL must not rewrite the history) and the answer's
    // headers, capped. Null on rows from before they were stored.
    url: varchar("url", { length: 2048 }),
    responseHeaders: json("response_headers").$type<Record<string, string> | null>(),
    ok: boolean("ok").notNull(),
  },
  (t) => [
    // Attempt N of a task is recorded once, even if two workers ever ran it.
    uniqueIndex("attempts_task_n_uq").on(t.taskId, t.n),
    // The overview's delivery charts count attempts per minute/hour by outcome: with `ok` in the index the
    // count reads the index alone, never the rows (which carry up to 64 KiB of response each).
    index("attempts_started_ok_idx").on(t.startedAt, t.ok),
  ],
);

export type Attempt = typeof attempts.$inferSelect;
export type NewAttempt = typeof attempts.$inferInsert;
