import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { attempts } from "../db/schema/attempts";
import { tasks } from "../db/schema/tasks";
import { maskSecretQuery } from "../notify/mask";
import { hostSchema, urlHostSql } from "../tasks/task-filter";
import { scanBudget } from "./limits";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(emptyToUndefined, s.optional());

/** The attempt log's filter and page, as kept in its page URL and accepted by /api/console/attempts. */
export const attemptLogQuerySchema = z.object({
  taskId: opt(z.string().trim().toLowerCase().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a full task id")),
  host: opt(hostSchema),
  result: opt(z.enum(["ok", "failed"])),
  from: opt(z.iso.datetime({ offset: true })),
  to: opt(z.iso.datetime({ offset: true })),
  /** The `nextCursor` of the page before. */
  cursor: opt(z.string().regex(/^\d{1,15}_[01]_\d{1,20}$/, "a cursor from the previous page")),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AttemptLogQuery = z.infer<typeof attemptLogQuerySchema>;

/** How much of each answer a log row carries; the task's page shows 8 KiB, the API the whole 64 KiB. */
export const logExcerptChars = 1_000;

interface Key {
  startedAt: Date;
  ok: boolean;
  id: number;
}

const cursorOf = (k: Key) => `${k.startedAt.getTime()}_${k.ok ? 1 : 0}_${k.id}`;
function parseCursor(c: string): Key {
  const [ms, ok, id] = c.split("_");
  return { startedAt: new Date(Number(ms)), ok: ok === "1", id: Number(id) };
}

/** Rows after `k` in (started_at, ok, id) descending — the order of attempts_started_ok_idx read backwards. */
function after(k: Key, inclusive = false): SQL {
  const idCmp = inclusive ? sql`${attempts.id} <= ${k.id}` : lt(attempts.id, k.id);
  return or(
    lt(attempts.startedAt, k.startedAt),
    and(eq(attempts.startedAt, k.startedAt), or(k.ok ? eq(attempts.ok, false) : sql`1 = 0`, and(eq(attempts.ok, k.ok), idCmp))),
  )!;
}

/**
 * Every attempt of every task (kkbida's 调用记录), newest first, keyset-paged. The order is the (started_at, ok)
 * index's own (InnoDB appends the id), so a page reads its rows off the index whatever the time range and result
 * filter; one task's attempts come from the (task_id, n) index. A host filter is checked row by row and reads at
 * most `scanBudget` attempts a page (`scanLimited` says the page stopped there). Secret-looking query values are
 * masked unless `revealUrls`.
 */
export async function listAttempts(db: Db, query: AttemptLogQuery, opts: { revealUrls?: boolean; scanBudget?: number } = {}) {
  const indexed: SQL[] = [];
  if (query.taskId) indexed.push(eq(attempts.taskId, query.taskId));
  if (query.result) indexed.push(eq(attempts.ok, query.result === "ok"));
  if (query.from) indexed.push(gte(attempts.startedAt, new Date(query.from)));
  if (query.to) indexed.push(lte(attempts.startedAt, new Date(query.to)));
  if (query.cursor) indexed.push(after(parseCursor(query.cursor)));
  const order = [desc(attempts.startedAt), desc(attempts.ok), desc(attempts.id)];
  const hint = query.taskId ? undefined : { useIndex: ["attempts_started_ok_idx"] };
  // Rows from before attempts kept their URL fall back to the task's.
  const url = sql<string>`COALESCE(${attempts.url}, ${tasks.url})`;

  const scanned: SQL[] = [];
  let boundary: Key | null = null;
  if (query.host) {
    scanned.push(sql`${urlHostSql(url)} = ${query.host}`);
    const [row] = await db
      .select({ startedAt: attempts.startedAt, ok: attempts.ok, id: attempts.id })
      .from(attempts, hint)
      .where(indexed.length ? and(...indexed) : undefined)
      .orderBy(...order)
      .limit(1)
      .offset((opts.scanBudget ?? scanBudget) - 1);
    boundary = row ?? null;
  }
  const conds = [...indexed, ...scanned];
  if (boundary) conds.push(after(boundary, true));

  const rows = await db
    .select({
      id: attempts.id,
      taskId: attempts.taskId,
      n: attempts.n,
      startedAt: attempts.startedAt,
      durationMs: attempts.durationMs,
      statusCode: attempts.statusCode,
      ok: attempts.ok,
      error: attempts.error,
      url,
      excerpt: sql<string | null>`LEFT(${attempts.responseExcerpt}, ${logExcerptChars})`,
      excerptLength: sql<number | null>`CHAR_LENGTH(${attempts.responseExcerpt})`,
      sourceApp: tasks.sourceApp,
      targetApp: tasks.targetApp,
    })
    .from(attempts, hint)
    .leftJoin(tasks, eq(tasks.id, attempts.taskId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(...order)
    .limit(query.limit + 1);

  const more = rows.length > query.limit;
  const items = (more ? rows.slice(0, query.limit) : rows).map((r) => ({
    ...r,
    excerptLength: r.excerptLength === null ? null : Number(r.excerptLength),
    url: r.url && !opts.revealUrls ? maskSecretQuery(r.url) : r.url,
  }));
  const last = items[items.length - 1];
  const nextCursor = more && last ? cursorOf(last) : boundary ? cursorOf(boundary) : null;
  return { items, nextCursor, scanLimited: !more && boundary !== null };
}

export type AttemptLogRow = Awaited<ReturnType<typeof listAttempts>>["items"][number];
