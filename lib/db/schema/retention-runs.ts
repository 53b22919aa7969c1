import { bigint, int, mysqlEnum, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { timestamp3 } from "../columns";

/**
 * `running` until the run ends; a run whose worker died stays `running` until the next run, which holds the lock
 * and so knows it is over, marks it `interrupted`.
 */
export const retentionRunStatuses = ["running", "completed", "failed", "interrupted"] as const;
export type RetentionRunStatus = (typeof retentionRunStatuses)[number];

/**
 * One row per retention run (worker/retention.ts): when it ran, what it deleted from each table, and why it stopped
 * if it failed. The counts are written as the run goes, so an interrupted run still says how far it got. The
 * table keeps the newest runs only (lib/retention/run-log.ts).
 */
export const retentionRuns = mysqlTable("retention_runs", {
  id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
  startedAt: timestamp3("started_at").notNull(),
  finishedAt: timestamp3("finished_at"),
  status: mysqlEnum("status", retentionRunStatuses).notNull().default("running"),
  // host:pid of the worker that ran it.
  worker: varchar("worker", { length: 128 }).notNull(),
  // What the run deleted before: the cutoffs it computed from the worker's settings (null: that kind is kept forever).
  taskCutoff: timestamp3("task_cutoff"),
  alertCutoff: timestamp3("alert_cutoff"),
  auditCutoff: timestamp3("audit_cutoff"),
  tasksDeleted: int("tasks_deleted").notNull().default(0),
  attemptsDeleted: int("attempts_deleted").notNull().default(0),
  alertsDeleted: int("alerts_deleted").notNull().default(0),
  auditDeleted: int("audit_deleted").notNull().default(0),
  orderingKeysDeleted: int("ordering_keys_deleted").notNull().default(0),
  error: varchar("error", { length: 1024 }),
});

export type RetentionRun = typeof retentionRuns.$inferSelect;
