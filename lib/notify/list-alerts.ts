import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { alertChannels } from "../db/schema/alert-channels";
import { alertStatuses, alerts } from "../db/schema/alerts";

export const listAlertsQuerySchema = z
  .object({
    channelId: z.coerce.number().int().positive().optional(),
    taskId: z.string().regex(/^[0-9a-f-]{36}$/, "must be a task id").optional(),
    status: z.enum(alertStatuses).optional(),
    cursor: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListAlertsQuery = z.infer<typeof listAlertsQuerySchema>;

/** The alert log, newest first, keyset-paged by id. */
export async function listAlerts(db: Db, query: ListAlertsQuery) {
  const conds: SQL[] = [];
  if (query.channelId) conds.push(eq(alerts.channelId, query.channelId));
  if (query.taskId) conds.push(eq(alerts.taskId, query.taskId));
  if (query.status) conds.push(eq(alerts.status, query.status));
  if (query.cursor) conds.push(lt(alerts.id, query.cursor));
  const rows = await db
    .select({ alert: alerts, channelName: alertChannels.name })
    .from(alerts)
    .leftJoin(alertChannels, eq(alertChannels.id, alerts.channelId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(alerts.id))
    .limit(query.limit + 1);
  const hasMore = rows.length > query.limit;
  const items = (hasMore ? rows.slice(0, query.limit) : rows).map((r) => ({ ...r.alert, channelName: r.channelName }));
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}
