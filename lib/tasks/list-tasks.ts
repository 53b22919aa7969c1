import { and, desc, eq, gte, like, lt, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { tasks, type Task } from "../db/schema/tasks";
import { taskStatuses } from "./lifecycle/statuses";
import { uuidV7Bound } from "./uuid-time";

export const listTasksQuerySchema = z
  .object({
    status: z.enum(taskStatuses).optional(),
    sourceApp: z.string().max(128).optional(),
    targetApp: z.string().max(128).optional(),
    url: z.string().max(2048).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    externalId: z.string().min(1).max(64).describe("The task's id in the system it was imported from (kkbida's taskId)").optional(),
    cursor: z.string().regex(/^[0-9a-f-]{36}$/, "must be a task id from nextCursor").optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first, keyset-paged by id (UUIDv7, so by creation time); never OFFSET. */
export async function listTasks(db: Db, query: ListTasksQuery & { clientId?: number }): Promise<{ items: Task[]; nextCursor: string | null }> {
  const conds: SQL[] = [];
  if (query.clientId !== undefined) conds.push(eq(tasks.clientId, query.clientId));
  if (query.status) conds.push(eq(tasks.status, query.status));
  if (query.sourceApp) conds.push(eq(tasks.sourceApp, query.sourceApp));
  if (query.targetApp) conds.push(eq(tasks.targetApp, query.targetApp));
  if (query.url) conds.push(like(tasks.url, `%${escapeLike(query.url)}%`));
  if (query.from) conds.push(gte(tasks.id, uuidV7Bound(new Date(query.from), "lower")));
  if (query.to) conds.push(lte(tasks.id, uuidV7Bound(new Date(query.to), "upper")));
  if (query.externalId) conds.push(eq(tasks.externalId, query.externalId));
  if (query.cursor) conds.push(lt(tasks.id, query.cursor));
  const rows = await db
    .select()
    .from(tasks)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(tasks.id))
    .limit(query.limit + 1);
  const hasMore = rows.length > query.limit;
  const items = hasMore ? rows.slice(0, query.limit) : rows;
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}
