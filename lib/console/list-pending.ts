import { and, asc, eq, gt, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { tasks, type Task } from "../db/schema/tasks";

/**
 * Tasks waiting for a retry, the soonest first, keyset-paged on (next attempt, id) — the order of the
 * tasks_status_next_idx index, so a page reads only its own rows at any table size.
 */
export async function listPending(db: Db, input: { after?: string; limit: number }): Promise<{ items: Task[]; nextCursor: string | null }> {
  const conds = [eq(tasks.status, "retrying")];
  const m = input.after ? /^(\d{1,15})_([0-9a-f-]{36})$/.exec(input.after) : null;
  if (m) {
    const t = new Date(Number(m[1]));
    conds.push(or(gt(tasks.nextAttemptAt, t), and(eq(tasks.nextAttemptAt, t), gt(tasks.id, m[2]!)))!);
  }
  const rows = await db
    .select()
    .from(tasks)
    .where(and(...conds))
    .orderBy(asc(tasks.nextAttemptAt), asc(tasks.id))
    .limit(input.limit + 1);
  const more = rows.length > input.limit;
  const items = more ? rows.slice(0, input.limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? `${last.nextAttemptAt?.getTime() ?? 0}_${last.id}` : null };
}
