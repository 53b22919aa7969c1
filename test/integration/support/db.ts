import { eq, inArray, sql } from "drizzle-orm";
import { createDb } from "@/lib/db/client";
import { attempts } from "@/lib/db/schema/attempts";
import { tasks } from "@/lib/db/schema/tasks";

/** Direct reads for assertions: the test looks at what MySQL holds, not only at what the API says. */
export const testDb = createDb({ poolSize: 4 });

export async function statusCounts(ids: string[]): Promise<Record<string, number>> {
  const rows = await testDb.db
    .select({ status: tasks.status, n: sql<number>`count(*)` })
    .from(tasks)
    .where(inArray(tasks.id, ids))
    .groupBy(tasks.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function attemptRows(taskId: string) {
  return testDb.db.select().from(attempts).where(eq(attempts.taskId, taskId)).orderBy(attempts.n);
}

export async function taskRow(id: string) {
  const [row] = await testDb.db.select().from(tasks).where(eq(tasks.id, id));
  return row!;
}
