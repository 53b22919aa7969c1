import { and, asc, eq } from "drizzle-orm";
import type { AppContext } from "../context";
import { auditLog } from "../db/schema/audit-log";
import { logger } from "../logger";
import { withTimeout } from "../with-timeout";
import { allRunningIds } from "./in-flight";
import type { ScopedTaskFilter } from "./task-filter";

/** The audit entry a bulk action writes before its first change; its closing `bulk.<action>` entry follows the last. */
export const bulkStartAction = "bulk.started";

/**
 * Looks up what the filter's SQL needs and cannot know by itself (see ResolvedParts): the running ids when it
 * filters by an active or running status, a bulk job's audit range when it names one. Redis unreadable: the
 * stored status alone is used, as the rest of the console does.
 */
export async function resolveTaskFilter(ctx: Pick<AppContext, "db" | "redis">, filter: ScopedTaskFilter): Promise<ScopedTaskFilter> {
  const resolved: NonNullable<ScopedTaskFilter["resolved"]> = {};
  const status = filter.status;
  if (status === "running" || status === "queued" || status === "retrying") {
    try {
      resolved.running = await withTimeout(allRunningIds(ctx.redis), 1000, "running ids");
    } catch (err) {
      logger.debug({ err: String(err) }, "in-flight sets unreadable; filtering by stored status");
    }
  }
  if (filter.bulkJob) resolved.bulkAudit = await bulkAuditRange(ctx, filter.bulkJob);
  return { ...filter, resolved };
}

/** Between the job's start entry and its closing one (absent while the job runs); null for a job never started. */
async function bulkAuditRange(ctx: Pick<AppContext, "db">, jobId: string) {
  const rows = await ctx.db
    .select({ id: auditLog.id, action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.objectType, "bulk_job"), eq(auditLog.objectId, jobId)))
    .orderBy(asc(auditLog.id))
    .limit(10);
  const start = rows.find((r) => r.action === bulkStartAction);
  if (!start) return null;
  const end = rows.find((r) => r.id > start.id && r.action !== bulkStartAction);
  return { afterId: start.id, beforeId: end?.id ?? null };
}
