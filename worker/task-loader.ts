import { getTableColumns } from "drizzle-orm";
import type { Pool } from "@/lib/db/client";
import { Batcher } from "@/lib/db/batcher";
import { tasks, type Task } from "@/lib/db/schema/tasks";

// The columns as the schema declares them, in one fixed order, so rows come back as arrays.
const columns = Object.entries(getTableColumns(tasks));
const selectSql = `SELECT ${columns.map(([, c]) => `\`${c.name}\``).join(", ")} FROM tasks WHERE id IN (?)`;

/** One row as drizzle would map it: each column's own decoding (JSON parsed, datetimes from their UTC text). */
function toTask(row: unknown[]): Task {
  const task: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const [key, column] = columns[i]!;
    task[key] = row[i] === null ? null : column.mapFromDriverValue(row[i]);
  }
  return task as Task;
}

/**
 * Loads tasks for concurrent jobs with one `SELECT … WHERE id IN (…)` per millisecond instead of one each.
 * The statement is written once here rather than built by drizzle per load: its query building and row mapping
 * were a tenth of everything the worker allocated per delivery.
 */
export function createTaskLoader(pool: Pool) {
  const batcher = new Batcher<string, Task | null>(
    async (ids) => {
      // Datetimes as text, as drizzle reads them, so each column's own mapping decodes them.
      const [rows] = await pool.query({ sql: selectSql, values: [[...new Set(ids)]], rowsAsArray: true, dateStrings: true });
      const byId = new Map((rows as unknown[][]).map((r) => toTask(r)).map((t) => [t.id, t]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxWaitMs: 1, maxBatch: 200, maxConcurrentFlushes: 8 },
  );
  return (id: string) => batcher.add(id);
}
