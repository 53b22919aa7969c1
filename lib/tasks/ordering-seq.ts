import mysql from "mysql2/promise";
import { orderingKeyGroup } from "../db/schema/ordering-keys";

/** A row that may carry an ordering key, and gets its number here. */
export interface Numbered {
  clientId: number;
  orderingKey?: string | null;
  orderingSeq?: number | null;
}

/** The rows of one batch that share a client and an ordering key, in the order they are to be attempted. */
export interface OrderingGroup<R extends Numbered = Numbered> {
  clientId: number;
  key: string;
  rows: R[];
}

/** What ordering_keys holds for a key once the batch has taken its numbers. */
export interface TakenSeq {
  clientId: number;
  orderingKey: string;
  lastSeq: number | string;
}

const e = (value: mysql.SqlValue) => mysql.escape(value, false, "Z");
const groupId = (clientId: number, key: string) => `${clientId}\u0000${orderingKeyGroup(key)}`;

/**
 * The keyed rows by client and key, as MySQL compares keys (orderingKeyGroup), sorted so that every transaction
 * locks its keys' rows in the same order. Empty when no row has a key.
 */
export function orderingGroups<R extends Numbered>(rows: R[]): OrderingGroup<R>[] {
  const groups = new Map<string, OrderingGroup<R>>();
  for (const row of rows) {
    if (row.orderingKey == null) continue;
    const id = groupId(row.clientId, row.orderingKey);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { clientId: row.clientId, key: row.orderingKey, rows: [] }));
    g.rows.push(row);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/**
 * The two statements that take the groups' next numbers, run in the transaction that writes the rows: the first
 * raises each key's last_seq by its group's size (creating the key at that size) and keeps the key's row locked
 * until the commit; the second reads where each key now stands, for numberRows.
 */
export function takeSeqStatements(groups: OrderingGroup[]): { take: string; read: string } {
  return {
    take:
      `INSERT INTO ordering_keys (client_id, ordering_key, last_seq) VALUES ${groups.map((g) => `(${e(g.clientId)}, ${e(g.key)}, ${e(g.rows.length)})`).join(", ")} ` +
      "ON DUPLICATE KEY UPDATE last_seq = last_seq + VALUES(last_seq)",
    read:
      "SELECT client_id AS clientId, ordering_key AS orderingKey, last_seq AS lastSeq FROM ordering_keys WHERE " +
      groups.map((g) => `(client_id = ${e(g.clientId)} AND ordering_key = ${e(g.key)})`).join(" OR "),
  };
}

/**
 * Gives each group's rows the numbers the batch took: a group of k rows whose key now stands at `last` gets
 * last − k + 1 … last, in order. Throws if MySQL holds no row for a group, or one row for two groups: the rows
 * would then share numbers, and the transaction must not commit.
 */
export function numberRows(groups: OrderingGroup[], taken: TakenSeq[]): void {
  const last = new Map(taken.map((t) => [groupId(t.clientId, t.orderingKey), Number(t.lastSeq)]));
  if (last.size !== groups.length) throw new Error(`ordering keys: ${groups.length} keys to number, ${last.size} found in ordering_keys`);
  for (const g of groups) {
    const end = last.get(groupId(g.clientId, g.key));
    if (end === undefined || !Number.isSafeInteger(end)) throw new Error(`ordering keys: no number for key "${g.key}" of client ${g.clientId}`);
    g.rows.forEach((row, i) => (row.orderingSeq = end - g.rows.length + 1 + i));
  }
}
