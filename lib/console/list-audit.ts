import { and, desc, eq, gte, like, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { auditLog, type AuditEntry } from "../db/schema/audit-log";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(emptyToUndefined, s.optional());

export const auditFilterSchema = z.object({
  /** A user name ("admin"), or a full actor ("client:demo", "system"). */
  actor: opt(z.string().trim().max(128)),
  /** An action ("task.retry") or a family ("task."). */
  action: opt(z.string().trim().max(64)),
  /** A task id, user name, channel id… */
  object: opt(z.string().trim().max(64)),
  /** "jobs": a bulk job's per-task entries fold under the job's own entry (which links to its tasks). */
  group: opt(z.enum(["jobs"])),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

const scanBudget = 20_000;

/**
 * The audit log, newest first, keyset-paged by id; an action-only filter, or folding bulk jobs, reads at most 20,000
 * entries a page. Folded, a job's per-task entries are left out (the task's own history still shows them) and its
 * entries carry `job`: the link to exactly the tasks it touched, and how many it changed.
 */
export async function listAudit(db: Db, input: { filter: AuditFilter; before?: number; limit: number }) {
  const { filter } = input;
  const indexed: SQL[] = [];
  if (filter.actor) indexed.push(eq(auditLog.actor, filter.actor.includes(":") || filter.actor === "system" ? filter.actor : `user:${filter.actor}`));
  if (filter.object) indexed.push(eq(auditLog.objectId, filter.object));
  if (input.before) indexed.push(lt(auditLog.id, input.before));

  let boundary: number | null = null;
  const folding = filter.group === "jobs" && !filter.object;
  if ((filter.action || folding) && !filter.actor && !filter.object) {
    const [row] = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(indexed.length ? and(...indexed) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(1)
      .offset(scanBudget - 1);
    boundary = row?.id ?? null;
  }
  const conds = [...indexed];
  if (filter.action) conds.push(filter.action.endsWith(".") ? like(auditLog.action, `${filter.action}%`) : eq(auditLog.action, filter.action));
  if (folding) conds.push(sql`JSON_VALUE(${auditLog.details}, '$.bulkJob') IS NULL`);
  if (boundary !== null) conds.push(gte(auditLog.id, boundary));

  const rows = await db
    .select()
    .from(auditLog)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(input.limit + 1);
  const more = rows.length > input.limit;
  const items: Array<AuditEntry & { job?: JobLink }> = (more ? rows.slice(0, input.limit) : rows).map((e) => (e.objectType === "bulk_job" && e.objectId ? { ...e, job: jobLink(e) } : e));
  const nextBefore = more ? items[items.length - 1]!.id : boundary;
  return { items, nextBefore, scanLimited: !more && boundary !== null };
}

export interface JobLink {
  /** The tasks page filtered to exactly the tasks the job touched. */
  tasksHref: string;
  /** Tasks it changed, once it has ended (its closing entry says); null while it runs. */
  changed: number | null;
}

function jobLink(e: AuditEntry): JobLink {
  const changed = typeof e.details?.changed === "number" ? e.details.changed : null;
  return { tasksHref: `/tasks?bulkJob=${encodeURIComponent(e.objectId!)}`, changed };
}
