import { and, eq, inArray, sql } from "drizzle-orm";
import type { AppContext } from "../../context";
import { attempts, type NewAttempt } from "../../db/schema/attempts";
import { kkbidaImports } from "../../db/schema/kkbida-imports";
import type { NewTask, Task } from "../../db/schema/tasks";
import { env } from "../../env";
import { cutoffFor } from "../../retention/retention-settings";
import { afterCommit } from "../../tasks/after-commit";
import { insertStatement } from "../../tasks/insert-tasks";
import { hostAllowed } from "../../tasks/host-allowed";
import { applyClient, ImportError, planClient } from "./import-client";
import { importWebhooks } from "./import-webhooks";
import { checkTimeZone, wallTimeToDate } from "./kkbida-time";
import type { KkbidaSettings } from "./kkbida-properties";
import type { KkbidaSource } from "./kkbida-source";
import { mapTask, type KkbidaLogRow, type TaskPlan } from "./map-task";
import { Tally } from "./tally";

export interface ImportOptions {
  source: KkbidaSource;
  settings: KkbidaSettings | null;
  clientName: string;
  timeZone: string;
  dryRun: boolean;
  pendingOnly: boolean;
  kkbidaStopped: boolean;
  /** Tasks per transaction. */
  batch?: number;
  progress: (line: string) => void;
  now?: Date;
}

export interface ImportSummary {
  source: string;
  dryRun: boolean;
  client: { name: string; id: number | null; changes: string[]; created: { apiKey: string; username: string; signingSecret: string } | null };
  tasks: { read: number; imported: Record<string, number>; skipped: Record<string, number> };
  attempts: number;
  channels: { imported: Record<string, number>; skipped: Record<string, number> };
  notes: string[];
}

const CHUNK = 1_000;
// Attempt rows carry up to 64 KiB of answer each: one INSERT stays well under max_allowed_packet (16 MiB default).
const ATTEMPT_BYTES_PER_INSERT = 4 * 1024 * 1024;

/**
 * `cli import kkbida`: kkbida's client settings, webhooks and tasks into Bida. Idempotent through kkbida_imports
 * (a second run adds nothing, even after retention deleted what the first brought over). Each batch of tasks —
 * rows, attempts, import marks — is one transaction, so a crash leaves whole batches; the next run goes on. Raises
 * no alerts: nothing is attempted here, and tasks that arrive failed are history.
 */
export async function runImport(ctx: AppContext, opts: ImportOptions): Promise<ImportSummary> {
  const now = opts.now ?? new Date();
  const zone = checkTimeZone(opts.timeZone);
  const tally = new Tally();
  const source = opts.source.id;

  const clientPlan = await planClient(ctx.db, opts.clientName, opts.settings);
  await refuseWhileKkbidaRuns(ctx, opts, zone, now, tally);
  const client = opts.dryRun ? { id: clientPlan.existing?.id ?? 0, created: null } : await applyClient(ctx.db, clientPlan, source);

  await importWebhooks(ctx.db, await opts.source.webhooks(), { source, dryRun: opts.dryRun, tally });

  const total = await opts.source.countTasks();
  const batch = opts.batch ?? 500;
  const mapOpts = { clientId: client.id, timeZone: zone, now, retentionCutoff: cutoffFor(env.retention.taskDays, now), pendingOnly: opts.pendingOnly };
  const allowedHosts = clientPlan.existing?.allowedHosts ?? null;
  let read = 0;
  let attemptCount = 0;
  for (let after: string | null = null; ; ) {
    const page = await opts.source.taskPage(after, batch);
    if (page.length === 0) break;
    after = page[page.length - 1]!.taskId;
    read += page.length;
    const done = await importedIds(ctx, source, "task", page.map((r) => r.taskId));
    const fresh = page.filter((r) => !done.has(r.taskId));
    tally.skip("task", "already imported", page.length - fresh.length);
    const logs = new Map<string, KkbidaLogRow[]>();
    for (const l of await opts.source.logsOf(fresh.map((r) => r.taskId))) logs.set(l.taskId, [...(logs.get(l.taskId) ?? []), l]);
    const plans: Array<{ kkbidaId: string; plan: Extract<TaskPlan, { task: NewTask }> }> = [];
    for (const row of fresh) {
      const plan = mapTask(row, logs.get(row.taskId) ?? [], mapOpts);
      if (plan.kind === "skipped") tally.skip("task", plan.reason);
      else if (plan.kind === "resumed" && !hostAllowed(allowedHosts, plan.task.url)) tally.skip("task", "host not allowed for the client");
      else plans.push({ kkbidaId: row.taskId, plan });
    }
    if (!opts.dryRun && plans.length > 0) await writeBatch(ctx, source, plans);
    for (const { plan } of plans) {
      tally.add("task", plan.kind);
      attemptCount += plan.attempts.length;
    }
    opts.progress(`kkbida import: ${read} of ${total} tasks read, ${tally.total("imported", "task")} ${opts.dryRun ? "would be imported" : "imported"}, ${tally.total("skipped", "task")} skipped`);
    if (page.length < batch) break;
  }
  return {
    source,
    dryRun: opts.dryRun,
    client: { name: clientPlan.name, id: opts.dryRun ? (clientPlan.existing?.id ?? null) : client.id, changes: clientPlan.changes, created: client.created },
    tasks: { read, imported: tally.imported.task ?? {}, skipped: tally.skipped.task ?? {} },
    attempts: attemptCount,
    channels: { imported: tally.imported.webhook ?? {}, skipped: tally.skipped.webhook ?? {} },
    notes: tally.notes,
  };
}

/**
 * kkbida's scheduler retries its open tasks while it runs: if Bida resumed them too, each target would be called by
 * both. So tasks are resumed only when the operator says kkbida is stopped; a dry run only says so.
 */
async function refuseWhileKkbidaRuns(ctx: AppContext, opts: ImportOptions, zone: string, now: Date, tally: Tally) {
  if (opts.kkbidaStopped) return;
  const open = (await opts.source.openTaskIds()).filter((t) => {
    const expires = wallTimeToDate(t.expireTimestamp, zone);
    return !expires || expires > now;
  });
  const done = await importedIds(ctx, opts.source.id, "task", open.map((t) => t.taskId));
  const pending = open.filter((t) => !done.has(t.taskId)).length;
  if (pending === 0) return;
  const why =
    `${pending} kkbida task(s) still have attempts left. kkbida retries them itself while it runs, so if Bida resumed them ` +
    `too, their targets would be called twice. Stop kkbida (or at least its retry scheduler), then run the import again ` +
    `with --kkbida-stopped.`;
  if (opts.dryRun) {
    tally.note(`Without --kkbida-stopped the import would stop here: ${why}`);
    return;
  }
  throw new ImportError(`${why} Nothing was imported. Add --dry-run to see what would be imported.`);
}

async function importedIds(ctx: AppContext, source: string, kind: "task" | "webhook", ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await ctx.db
      .select({ id: kkbidaImports.kkbidaId })
      .from(kkbidaImports)
      .where(and(eq(kkbidaImports.source, source), eq(kkbidaImports.kind, kind), inArray(kkbidaImports.kkbidaId, chunk)));
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/** One transaction: the tasks, their attempts and their import marks; then the resumed ones are queued. */
async function writeBatch(ctx: AppContext, source: string, plans: Array<{ kkbidaId: string; plan: Extract<TaskPlan, { task: NewTask }> }>) {
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql.raw(insertStatement(plans.map((p) => p.plan.task))));
    for (const chunk of byBytes(plans.flatMap((p) => p.plan.attempts))) await tx.insert(attempts).values(chunk);
    await tx.insert(kkbidaImports).values(plans.map((p) => ({ source, kind: "task" as const, kkbidaId: p.kkbidaId, bidaId: p.plan.task.id! })));
  });
  const resumed = plans.filter((p) => p.plan.kind === "resumed").map((p) => p.plan.task as Task);
  if (resumed.length === 0) return;
  // Due now; a failed enqueue is the sweeper's to repair (the rows are overdue in MySQL).
  await afterCommit(ctx, "kkbida import", {
    enqueue: resumed.map((t) => ({ taskId: t.id, n: t.attempts + 1, g: 0, flow: t, runAt: null })),
    openTasks: [{ clientId: resumed[0]!.clientId, by: resumed.length }],
  });
}

function* byBytes(rows: NewAttempt[]): Generator<NewAttempt[]> {
  let chunk: NewAttempt[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(row.responseExcerpt ?? "") + 512;
    if (chunk.length > 0 && (bytes + size > ATTEMPT_BYTES_PER_INSERT || chunk.length >= 1_000)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}
