import { boolean, int, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { createdAt, updatedAt } from "../columns";

/**
 * What operators set per target host (scheme://host:port, lib/hosts/host-key.ts): its own cap of calls in flight
 * and whether it is paused. MySQL keeps them so they survive restarts and an emptied Redis; the workers' gate reads
 * the copy in Redis (lib/hosts/host-settings.ts writes both). A host without a row has the defaults.
 */
export const targetHosts = mysqlTable("target_hosts", {
  host: varchar("host", { length: 300 }).primaryKey(),
  // Null: HOST_MAX_IN_FLIGHT.
  maxInFlight: int("max_in_flight"),
  paused: boolean("paused").notNull().default(false),
  updatedBy: varchar("updated_by", { length: 160 }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type TargetHost = typeof targetHosts.$inferSelect;
