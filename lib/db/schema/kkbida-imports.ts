import { bigint, mysqlEnum, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { createdAt } from "../columns";

export const importedKinds = ["task", "webhook", "client"] as const;
export type ImportedKind = (typeof importedKinds)[number];

/**
 * What `cli import kkbida` has brought over, by kkbida's own id: a second run adds nothing, even after retention has
 * deleted the imported task (so its external_id alone could not say it was imported).
 */
export const kkbidaImports = mysqlTable(
  "kkbida_imports",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    // The kkbida database the row came from (host/database), so two kkbida instances' ids do not clash.
    source: varchar("source", { length: 255 }).notNull(),
    kind: mysqlEnum("kind", importedKinds).notNull(),
    kkbidaId: varchar("kkbida_id", { length: 64 }).notNull(),
    // What it became in Bida: a task id, an alert channel id, a client id; null when it was skipped on purpose.
    bidaId: varchar("bida_id", { length: 64 }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("kkbida_imports_uq").on(t.source, t.kind, t.kkbidaId)],
);
