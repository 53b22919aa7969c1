import { sql } from "drizzle-orm";
import { bigint, char, index, int, json, mysqlEnum, mysqlTable, smallint, text, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { activeStatuses, sqlStatusList, taskStatuses } from "../../tasks/lifecycle/statuses";
import { createdAt, timestamp3, updatedAt, uuidId } from "../columns";
import { orderingKeyColumn } from "./ordering-keys";

export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface ExpectRule {
  status?: "2xx" | number[];
  bodyContains?: string;
  bodyEquals?: string;
  json?: { path: string; equals: unknown };
}

export interface RetryPolicy {
  strategy: "exponential" | "fixed";
  delayMs: number;
  maxDelayMs: number;
}

/**
 * Why a due attempt is held back: at its host's gate (cap, open circuit, paused), behind its key's order, or by its
 * client's attempts-per-minute quota.
 */
export const waitingReasons = ["cap", "open", "paused", "order", "quota"] as const;
export type WaitingReason = (typeof waitingReasons)[number];

export const tasks = mysqlTable(
  "tasks",
  {
    id: uuidId().primaryKey(),
    clientId: int("client_id").notNull(),
    protocol: mysqlEnum("protocol", ["native", "kkbida"]).notNull().default("native"),
    status: mysqlEnum("status", taskStatuses).notNull().default("queued"),
    url: varchar("url", { length: 2048 }).notNull(),
    method: mysqlEnum("method", httpMethods).notNull().default("POST"),
    params: json("params").$type<Record<string, unknown> | null>(),
    bodyType: mysqlEnum("body_type", ["json", "form"]).notNull().default("json"),
    headers: json("headers").$type<Record<string, string> | null>(),
    expect: json("expect").$type<ExpectRule | null>(),
    // The attempt number this task may reach: its budget, raised by each retry (attempt numbers keep counting).
    maxAttempts: int("max_attempts").notNull(),
    // Attempts each life of the task is granted: the submitted maxAttempts, again on each retry that names no
    // count. Null on rows from before it was stored, which fall back to max_attempts.
    budget: smallint("budget"),
    retry: json("retry").$type<RetryPolicy | null>(),
    timeoutMs: int("timeout_ms").notNull(),
    sourceApp: varchar("source_app", { length: 128 }),
    targetApp: varchar("target_app", { length: 128 }),
    idempotencyKey: varchar("idempotency_key", { length: 255 }),
    // Attempts made so far; the worker's write of attempt N is guarded by `attempts = N - 1`.
    attempts: int("attempts").notNull().default(0),
    // Raised by every retry. An attempt records its result only while the generation it was loaded with is still
    // the task's: a call that was in flight when the task was cancelled and retried cannot complete the retry.
    generation: int("generation").notNull().default(0),
    nextAttemptAt: timestamp3("next_attempt_at"),
    // Why the next attempt is held back at its host's gate (cap, open circuit, paused), and since when; cleared by
    // the attempt that is finally made. next_attempt_at then says when the task asks again.
    waitingReason: mysqlEnum("waiting_reason", waitingReasons),
    waitingSince: timestamp3("waiting_since"),
    // The task ahead of this one on its ordering key, while waiting_reason is `order`.
    waitingBehind: char("waiting_behind", { length: 36 }),
    // Tasks of one client with the same key are attempted one at a time, in ordering_seq order: numbers handed out
    // at commit from ordering_keys (a retry takes a new one, at the tail). Both null on a task without a key.
    orderingKey: orderingKeyColumn("ordering_key"),
    orderingSeq: bigint("ordering_seq", { mode: "number" }),
    // ordering_seq while the task is not final, else NULL: computed by MariaDB, so no write path has to keep it.
    // The index below then holds only the open tasks of a key, and "who is ahead of me" is one index dive however
    // long the key's history; on ordering_seq itself the head would scan every finished task of its key.
    orderingOpenSeq: bigint("ordering_open_seq", { mode: "number" }).generatedAlwaysAs(
      sql.raw(`IF(\`status\` IN (${sqlStatusList(activeStatuses)}), \`ordering_seq\`, NULL)`),
      { mode: "virtual" },
    ),
    lastStatusCode: smallint("last_status_code"),
    lastError: varchar("last_error", { length: 1024 }),
    note: text("note"),
    // Not delivered by then, the task ends failed with reason "expired" (kkbida's expireTimestamp, native expiresAt).
    expiresAt: timestamp3("expires_at"),
    // The id the task had in the system it was imported from (kkbida's call_back.id), kept searchable.
    externalId: varchar("external_id", { length: 64 }),
    // A replay is a new task copied from a finished one: each names the other.
    replayOf: char("replay_of", { length: 36 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp3("finished_at"),
  },
  (t) => [
    // A repeated submit with the same key from the same client returns the first task.
    uniqueIndex("tasks_client_idem_uq").on(t.clientId, t.idempotencyKey),
    // The sweeper scans non-final tasks by due time; the pending page lists retrying tasks by due time.
    index("tasks_status_next_idx").on(t.status, t.nextAttemptAt),
    // A client's own list, newest first, pages by id.
    index("tasks_client_id_idx").on(t.clientId, t.id),
    // Console filters by status, source and target app, each paged by id.
    index("tasks_status_id_idx").on(t.status, t.id),
    index("tasks_source_id_idx").on(t.sourceApp, t.id),
    index("tasks_target_id_idx").on(t.targetApp, t.id),
    // Overview charts count finished tasks per minute/day.
    index("tasks_finished_idx").on(t.finishedAt),
    // The console's task list sorted by last change pages by (updated_at, id); InnoDB appends the id itself.
    index("tasks_updated_idx").on(t.updatedAt),
    // The ordering gate: the open task just ahead of a keyed task, and the next one to wake when it ends
    // (lib/tasks/ordering-head.ts). A key-less task's entry is (client, NULL, NULL) and never changes.
    index("tasks_ordering_idx").on(t.clientId, t.orderingKey, t.orderingOpenSeq),
    index("tasks_external_idx").on(t.externalId),
    // The sweeper ends open tasks whose expiry has passed.
    index("tasks_expires_idx").on(t.expiresAt),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
