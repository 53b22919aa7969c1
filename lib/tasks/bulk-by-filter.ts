import { and, count, desc, inArray, lt, type SQL } from "drizzle-orm";
import type { AppContext } from "../context";
import { recordAudit } from "../audit/record-audit";
import { tasks } from "../db/schema/tasks";
import type { BulkJob, BulkProgress } from "../queue/bulk-queue";
import { ACTION_CHUNK, applyAction } from "./apply-action";
import { storedStatusesFor } from "./lifecycle/actions";
import { bulkStartAction, resolveTaskFilter } from "./resolve-filter";
import { allConditions } from "./task-filter";

/**
 * Applies an action to every task matching a filter, newest first, one chunk of ids at a time (paged by id,
 * never OFFSET), so 100,000 tasks cost 200 short transactions rather than one long one. Tasks the action
 * changes may leave the filter; paging by id keeps the walk going forward regardless.
 */
export async function runBulkByFilter(
  ctx: AppContext,
  job: BulkJob & { jobId: string },
  onProgress: (p: BulkProgress) => Promise<void>,
): Promise<BulkProgress> {
  const base: SQL[] = [inArray(tasks.status, storedStatusesFor(job.action))];
  // `running` is resolved once, at the start: the job acts on the tasks that were running when it began.
  const filterSql = allConditions(await resolveTaskFilter(ctx, job.filter));
  // Opens the job's range in the audit log: its per-task entries follow, so "the tasks this job touched" is a
  // primary-key range of the log, not a scan of its JSON (lib/tasks/resolve-filter.ts).
  await recordAudit(ctx.db, { actor: job.actor, action: bulkStartAction, objectType: "bulk_job", objectId: job.jobId, details: { action: job.action, filter: job.filter } });
  if (filterSql) base.push(filterSql);

  const [{ n }] = (await ctx.db.select({ n: count() }).from(tasks).where(and(...base))) as [{ n: number }];
  const progress: BulkProgress = { total: Number(n), processed: 0, changed: 0, skipped: 0 };
  await onProgress(progress);

  let cursor: string | null = null;
  for (;;) {
    const where: SQL[] = cursor ? [...base, lt(tasks.id, cursor)] : base;
    const rows = await ctx.db.select({ id: tasks.id }).from(tasks).where(and(...where)).orderBy(desc(tasks.id)).limit(ACTION_CHUNK);
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    const res = await applyAction(ctx, { action: job.action, ids: rows.map((r) => r.id), actor: job.actor, note: job.note, bulkJobId: job.jobId });
    progress.processed += rows.length;
    progress.changed += res.changed.length;
    progress.skipped += res.skipped;
    // Tasks that entered the filter after the count was taken still get the action; keep the bar honest.
    progress.total = Math.max(progress.total, progress.processed);
    await onProgress(progress);
  }

  await recordAudit(ctx.db, {
    actor: job.actor,
    action: `bulk.${job.action}`,
    objectType: "bulk_job",
    objectId: job.jobId,
    details: { filter: job.filter, ...(job.note ? { note: job.note } : {}), changed: progress.changed, skipped: progress.skipped },
  });
  return progress;
}
