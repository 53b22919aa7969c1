import { boolean, int, json, mysqlEnum, mysqlTable, text, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { createdAt, updatedAt } from "../columns";

export const channelKinds = ["dingtalk", "wecom", "feishu", "slack", "webhook"] as const;
export type ChannelKind = (typeof channelKinds)[number];
export const taskAlertEvents = ["task.exhausted", "task.failing"] as const;
export type TaskAlertEvent = (typeof taskAlertEvents)[number];
// Bida's alerts about itself (lib/notify/self-alerts): a channel opts in to each kind by its event name.
export const selfAlertEvents = ["bida.lag", "bida.backlog", "bida.circuit", "bida.requeue", "bida.store_down"] as const;
export type SelfAlertEvent = (typeof selfAlertEvents)[number];
// The events column is JSON, so new names need no migration.
export const alertEvents = [...taskAlertEvents, ...selfAlertEvents] as const;
export type AlertEvent = (typeof alertEvents)[number];
export const messageFormats = ["text", "markdown"] as const;
export type MessageFormat = (typeof messageFormats)[number];

export interface ChannelFilters {
  sourceApps?: string[];
  targetApps?: string[];
  targetHosts?: string[];
}

export const alertChannels = mysqlTable(
  "alert_channels",
  {
    id: int("id").autoincrement().primaryKey(),
    name: varchar("name", { length: 128 }).notNull(),
    kind: mysqlEnum("kind", channelKinds).notNull(),
    url: varchar("url", { length: 2048 }).notNull(),
    secret: varchar("secret", { length: 512 }),
    // Chat kinds send text or markdown (Slack: blocks); a template that is a JSON object is sent as the body itself.
    format: mysqlEnum("format", messageFormats).notNull().default("text"),
    template: text("template"),
    // The language of the default template when `template` is empty (en, zh-CN; in Chinese DingTalk and WeCom use
    // kkbida's own template).
    locale: varchar("locale", { length: 16 }).notNull().default("en"),
    filters: json("filters").$type<ChannelFilters | null>(),
    events: json("events").$type<AlertEvent[]>().notNull(),
    // For task.failing: alert after this many consecutive failed attempts.
    failingAfter: int("failing_after").notNull().default(3),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("alert_channels_name_uq").on(t.name)],
);

export type AlertChannel = typeof alertChannels.$inferSelect;
