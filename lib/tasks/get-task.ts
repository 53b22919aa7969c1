import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../errors";
import { attempts } from "../db/schema/attempts";
import { tasks, type Task } from "../db/schema/tasks";

/** A task by id; with a clientId, another client's task is as unknown as a missing one (404, not 403). */
export async function getTask(db: Db, where: { id: string; clientId?: number }): Promise<Task> {
  const conds = [eq(tasks.id, where.id)];
  if (where.clientId !== undefined) conds.push(eq(tasks.clientId, where.clientId));
  const [task] = await db.select().from(tasks).where(and(...conds)).limit(1);
  if (!task) throw new ApiError("not_found", `No task with id ${where.id}.`);
  return task;
}

export async function getTaskWithAttempts(db: Db, where: { id: string; clientId?: number }) {
  const task = await getTask(db, where);
  const rows = await db.select().from(attempts).where(eq(attempts.taskId, task.id)).orderBy(asc(attempts.n));
  return { task, attempts: rows };
}
