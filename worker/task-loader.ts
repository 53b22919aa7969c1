import { inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { Batcher } from "@/lib/db/batcher";
import { tasks, type Task } from "@/lib/db/schema/tasks";

/** Loads tasks for concurrent jobs with one `SELECT … WHERE id IN (…)` per millisecond instead of one each. */
export function createTaskLoader(db: Db) {
  const batcher = new Batcher<string, Task | null>(
    async (ids) => {
      const rows = await db.select().from(tasks).where(inArray(tasks.id, [...new Set(ids)]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxWaitMs: 1, maxBatch: 200, maxConcurrentFlushes: 8 },
  );
  return (id: string) => batcher.add(id);
}
