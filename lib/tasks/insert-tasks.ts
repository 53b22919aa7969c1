import { getTableColumns } from "drizzle-orm";
import mysql from "mysql2/promise";
import type { Pool } from "../db/client";
import { tasks, type NewTask } from "../db/schema/tasks";

// The columns as the schema declares them, so this statement follows every schema change; MariaDB computes the
// generated ones.
const columns = Object.entries(getTableColumns(tasks)).filter(([, c]) => !c.generated);
const head = `INSERT INTO tasks (${columns.map(([, c]) => `\`${c.name}\``).join(", ")}) VALUES `;

/**
 * Inserts task rows with one multi-row INSERT, built directly: drizzle's query builder spent about a fifth of
 * the web's CPU on a 1,000-task batch assembling the statement. Values still go through each column's own
 * drizzle mapping (JSON, datetime) and mysql2's escaping, so the row that lands is the one drizzle would write.
 */
export async function insertTasks(pool: Pool, rows: NewTask[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => {
    const cells = columns.map(([key, column]) => {
      const value = row[key as keyof NewTask];
      if (value === undefined) return "DEFAULT";
      if (value === null) return "NULL";
      return mysql.escape(column.mapToDriverValue(value) as mysql.SqlValue, false, "Z");
    });
    return `(${cells.join(", ")})`;
  });
  await pool.query(head + values.join(", "));
}
