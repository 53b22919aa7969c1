import { and, desc, eq, sql } from "drizzle-orm";
import type { AppContext } from "../context";
import { apiClients } from "../db/schema/api-clients";
import { attempts } from "../db/schema/attempts";
import { auditLog } from "../db/schema/audit-log";
import { getTask } from "../tasks/get-task";
import { withLiveStatus } from "../tasks/live-status";
import { maskSecretQuery, maskTaskFields } from "../notify/mask";
import { replayAudit } from "../tasks/replay-task";

/** How much of each response the page shows; the API serves the whole 64 KiB excerpt. */
export const pageExcerptChars = 8_192;
/** The newest attempts shown; a task retried many times keeps its full history in the API. */
export const pageAttempts = 200;

/**
 * A task (with its live status) and what its detail page shows: the newest attempts, the API client's name, its
 * audit trail. Credential headers are always masked (they are stored sealed); the values of secret-looking params
 * and URL query parameters too unless `revealParams` (operators and admins, who act on the task and may need them).
 */
export async function getTaskDetail(ctx: Pick<AppContext, "db" | "redis">, id: string, opts: { revealParams?: boolean } = {}) {
  const { db } = ctx;
  const stored = await getTask(db, { id });
  const [[task], attemptRows, client, audit, replays] = await Promise.all([
    withLiveStatus(ctx.redis, [stored]),
    db
      .select({
        n: attempts.n,
        startedAt: attempts.startedAt,
        durationMs: attempts.durationMs,
        statusCode: attempts.statusCode,
        ok: attempts.ok,
        error: attempts.error,
        excerpt: sql<string | null>`LEFT(${attempts.responseExcerpt}, ${pageExcerptChars})`,
        excerptLength: sql<number | null>`CHAR_LENGTH(${attempts.responseExcerpt})`,
        url: attempts.url,
        responseHeaders: attempts.responseHeaders,
      })
      .from(attempts)
      .where(eq(attempts.taskId, stored.id))
      .orderBy(desc(attempts.n))
      .limit(pageAttempts),
    db.select({ name: apiClients.name }).from(apiClients).where(eq(apiClients.id, stored.clientId)).limit(1),
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, "task"), eq(auditLog.objectId, stored.id)))
      .orderBy(desc(auditLog.id))
      .limit(50),
    // The replays made of this task, through its audit entries (indexed by object); tasks.replay_of has no index.
    db
      .select({ details: auditLog.details, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(and(eq(auditLog.objectType, "task"), eq(auditLog.objectId, stored.id), eq(auditLog.action, replayAudit.original)))
      .orderBy(desc(auditLog.id))
      .limit(50),
  ]);
  const reveal = opts.revealParams === true;
  return {
    task: maskTaskFields(task!, { all: !reveal }),
    // Each attempt's own URL: viewers see its secret-looking query values masked, as on the task.
    attempts: attemptRows.map((a) => ({ ...a, url: a.url && !reveal ? maskSecretQuery(a.url) : a.url })),
    clientName: client[0]?.name ?? `#${stored.clientId}`,
    audit,
    replayOf: stored.replayOf ?? null,
    replays: replays.flatMap((r) => (typeof r.details?.replay === "string" ? [{ id: r.details.replay, at: r.createdAt }] : [])),
  };
}

export type TaskDetail = Awaited<ReturnType<typeof getTaskDetail>>;
