import { eq, like } from "drizzle-orm";
import type { AppContext } from "../context";
import { tasks, type Task } from "../db/schema/tasks";
import { maskSecretQuery } from "../notify/mask";
import { searchTasks } from "../tasks/search-tasks";
import { parseTaskIdQuery } from "../tasks/task-id-query";

/** Tasks a search box's "URL contains" reads at most: it runs as the operator types, so less than a page's budget. */
export const searchScanBudget = 5_000;
const perKind = 8;

export interface SearchHit {
  id: string;
  status: Task["status"];
  url: string;
  sourceApp: string | null;
  targetApp: string | null;
  createdAt: string;
  /** What matched: the id, the imported (kkbida) id, or the URL. */
  matched: "id" | "externalId" | "url";
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The console's search box: one query against what an operator is usually handed — a task id in any form the
 * console shows (lib/tasks/task-id-query.ts), the id a task had in kkbida (tasks.external_id), a piece of its URL,
 * or a source or target app's name (by prefix, from their indexes). Each kind is bounded: ids and apps are index
 * reads, the URL is checked on the newest `searchScanBudget` tasks only. Viewers match and see URLs without their
 * secret query values.
 */
export async function globalSearch(ctx: Pick<AppContext, "db">, q: string, opts: { revealUrls: boolean }) {
  const text = q.trim().slice(0, 200);
  if (text.length < 2) return { tasks: [], apps: [], urlScanLimited: false };
  const idQuery = parseTaskIdQuery(text);
  const prefix = `${escapeLike(text)}%`;
  const [byId, byExternal, byUrl, sources, targets] = await Promise.all([
    idQuery ? searchTasks(ctx.db, { filter: { id: text }, sort: "created", order: "desc", limit: perKind }) : null,
    ctx.db.select().from(tasks).where(eq(tasks.externalId, text.slice(0, 64))).limit(perKind),
    text.length >= 3
      ? searchTasks(ctx.db, { filter: { url: text, ...(opts.revealUrls ? {} : { urlScope: "path" as const }) }, sort: "created", order: "desc", limit: perKind, scanBudget: searchScanBudget })
      : null,
    ctx.db.selectDistinct({ name: tasks.sourceApp }).from(tasks).where(like(tasks.sourceApp, prefix)).orderBy(tasks.sourceApp).limit(perKind),
    ctx.db.selectDistinct({ name: tasks.targetApp }).from(tasks).where(like(tasks.targetApp, prefix)).orderBy(tasks.targetApp).limit(perKind),
  ]);
  const seen = new Set<string>();
  const hits: SearchHit[] = [];
  const add = (list: Task[], matched: SearchHit["matched"]) => {
    for (const t of list) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      hits.push({
        id: t.id,
        status: t.status,
        url: opts.revealUrls ? t.url : maskSecretQuery(t.url),
        sourceApp: t.sourceApp,
        targetApp: t.targetApp,
        createdAt: t.createdAt.toISOString(),
        matched,
      });
    }
  };
  add(byId?.items ?? [], "id");
  add(byExternal, "externalId");
  add(byUrl?.items ?? [], "url");
  const apps = [
    ...sources.flatMap((r) => (r.name ? [{ kind: "sourceApp" as const, name: r.name }] : [])),
    ...targets.flatMap((r) => (r.name ? [{ kind: "targetApp" as const, name: r.name }] : [])),
  ];
  return { tasks: hits, apps, urlScanLimited: byUrl?.scanLimited ?? false };
}
