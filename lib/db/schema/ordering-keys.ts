import { bigint, customType, int, mysqlTable, primaryKey } from "drizzle-orm/mysql-core";

/**
 * A client's ordering key, compared byte for byte: under the database's default utf8mb4_unicode_ci, "A" and "a"
 * would be one key, and the submit path, which groups keys in JavaScript, would disagree with MySQL about which
 * tasks share an order. utf8mb4_bin still ignores trailing spaces (PAD SPACE); orderingKeyGroup matches that.
 */
export const orderingKeyColumn = customType<{ data: string; driverData: string }>({
  dataType: () => "varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
});

/** The key as MySQL compares it in an ordering_key column: trailing spaces do not count. */
export const orderingKeyGroup = (key: string) => key.replace(/ +$/, "");

/**
 * One row per client and ordering key: the last sequence number handed out. A submit takes the next numbers in the
 * transaction that inserts its tasks (lib/tasks/insert-tasks.ts), and a retry takes one for the task it sends to
 * the tail (lib/tasks/apply-action.ts), so a key's order is its commit order; the row lock serialises the commits
 * of one key and of no other.
 */
export const orderingKeys = mysqlTable(
  "ordering_keys",
  {
    clientId: int("client_id").notNull(),
    orderingKey: orderingKeyColumn("ordering_key").notNull(),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.orderingKey] })],
);
