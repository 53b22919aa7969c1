import { getTableColumns } from "drizzle-orm";
import mysql from "mysql2/promise";
import type { Pool } from "../db/client";
import { tasks, type NewTask } from "../db/schema/tasks";
import { numberRows, orderingGroups, takeSeqStatements, type OrderingGroup, type TakenSeq } from "./ordering-seq";

// The columns as the schema declares them, so this statement follows every schema change; MariaDB computes the
// generated ones.
const columns = Object.entries(getTableColumns(tasks)).filter(([, c]) => !c.generated);
const head = `INSERT INTO tasks (${columns.map(([, c]) => `\`${c.name}\``).join(", ")}) VALUES `;
const e = (value: mysql.SqlValue) => mysql.escape(value, false, "Z");

/**
 * Inserts task rows with one multi-row INSERT, built directly: drizzle's query builder spent about a fifth of
 * the web's CPU on a 1,000-task batch assembling the statement. Values still go through each column's own
 * drizzle mapping (JSON, datetime) and mysql2's escaping, so the row that lands is the one drizzle would write.
 *
 * Rows with an ordering key are numbered in the same transaction (their `orderingSeq` is filled in): see
 * insertNumbered. A batch without keys stays the one autocommitted statement.
 */
export async function insertTasks(pool: Pool, rows: NewTask[]): Promise<void> {
  if (rows.length === 0) return;
  const groups = orderingGroups(rows);
  if (groups.length === 0) {
    await pool.query(insertStatement(rows));
    return;
  }
  for (let i = 1; ; i++) {
    try {
      return await insertNumbered(pool, rows, groups);
    } catch (err) {
      // Concurrent first submits of one new key can deadlock on its ordering_keys row; nothing was committed.
      if (i >= 3 || (err as { code?: string }).code !== "ER_LOCK_DEADLOCK") throw err;
    }
  }
}

/** The multi-row INSERT of these rows, for a caller that runs it inside its own transaction (the kkbida importer). */
export function insertStatement(rows: NewTask[]): string {
  const values = rows.map((row) => {
    const cells = columns.map(([key, column]) => {
      const value = row[key as keyof NewTask];
      if (value === undefined) return "DEFAULT";
      if (value === null) return "NULL";
      return e(column.mapToDriverValue(value) as mysql.SqlValue);
    });
    return `(${cells.join(", ")})`;
  });
  return head + values.join(", ");
}

/**
 * Takes the next numbers of each key in the batch from ordering_keys and inserts the tasks, in one transaction:
 * the key's row stays locked until the commit, so a key's order is its commit order and two batches never share a
 * number. Four round trips more than a batch without keys (begin, take, read, commit), each on this batch's own
 * connection; the groups are locked in one fixed order, so two batches cannot deadlock over two keys.
 */
async function insertNumbered(pool: Pool, rows: NewTask[], groups: OrderingGroup<NewTask>[]): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.query("START TRANSACTION");
    const { take, read } = takeSeqStatements(groups);
    await conn.query(take);
    const [taken] = await conn.query(read);
    numberRows(groups, taken as TakenSeq[]);
    await conn.query(insertStatement(rows));
    await conn.query("COMMIT");
  } catch (err) {
    await conn.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}
