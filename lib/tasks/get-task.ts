import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
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

/**
 * A page of a task's attempts, oldest first. Each carries up to 64 KiB of answer and a task retried often has
 * hundreds: the whole history in one answer could hold the web's memory at tens of megabytes per request.
 */
export const attemptPageSchema = z
  .object({
    attemptsAfter: z.coerce.number().int().min(0).max(2_147_483_647).default(0),
    attemptsLimit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type AttemptPage = z.infer<typeof attemptPageSchema>;

export async function getTaskWithAttempts(db: Db, where: { id: string; clientId?: number }, page: AttemptPage = { attemptsAfter: 0, attemptsLimit: 50 }) {
  const task = await getTask(db, where);
  const rows = await db
    .select()
    .from(attempts)
    .where(and(eq(attempts.taskId, task.id), gt(attempts.n, page.attemptsAfter)))
    .orderBy(asc(attempts.n))
    .limit(page.attemptsLimit + 1);
  const more = rows.length > page.attemptsLimit;
  const list = more ? rows.slice(0, page.attemptsLimit) : rows;
  // The number to pass as attemptsAfter for the next page; null on the last.
  return { task, attempts: list, attemptsNextAfter: more ? list[list.length - 1]!.n : null };
}
