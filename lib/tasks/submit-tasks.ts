import { uuidv7 } from "uuidv7";
import { eq, and } from "drizzle-orm";
import type { AppContext } from "../context";
import { env } from "../env";
import { ApiError } from "../errors";
import { Batcher } from "../db/batcher";
import { isDataError } from "../db/data-error";
import { admitSubmits } from "../quotas/admit-submits";
import { changeOpenTasks } from "../quotas/open-tasks";
import { tasks, type Task } from "../db/schema/tasks";
import type { ApiClient } from "../db/schema/api-clients";
import { afterCommit } from "./after-commit";
import { hostAllowed } from "./host-allowed";
import { assertTargetAllowed } from "./target-allowed";
import { insertTasks } from "./insert-tasks";
import { sealSecretHeaders } from "./secret-headers";
import { taskRowBytes } from "./row-bytes";
import type { TaskInput } from "./task-input";
import { withTraceparent, storedTraceparent } from "./internal-headers";
import { inSpan, remoteContext, traceparentToStore } from "../tracing/spans";

export interface SubmitOptions {
  protocol?: "native" | "kkbida";
  idempotencyKey?: string;
  /** The client's W3C traceparent header, carried to the task's calls. */
  traceparent?: string | null;
}

export function buildTaskRow(client: Pick<ApiClient, "id" | "allowedHosts"> & Partial<Pick<ApiClient, "allowedTargetCidrs">>, input: TaskInput, opts: SubmitOptions = {}): Task {
  if (!hostAllowed(client.allowedHosts, input.url)) {
    throw new ApiError("forbidden", "This API client may not call that host.", [{ path: "url", message: "host not allowed" }]);
  }
  assertTargetAllowed(client, input.url);
  const now = new Date();
  const runAt = input.runAt ? new Date(input.runAt) : null;
  return {
    id: uuidv7(),
    clientId: client.id,
    protocol: opts.protocol ?? "native",
    status: "queued",
    url: input.url,
    method: input.method,
    params: input.params ?? null,
    bodyType: input.bodyType,
    // Credential headers are sealed before they are stored (secret-headers.ts); the worker opens them.
    // With the trace to carry to its calls, under a name no client can send (internal-headers.ts).
    headers: withTraceparent(sealSecretHeaders(input.headers), traceparentToStore(opts.traceparent)),
    expect: input.expect ?? null,
    maxAttempts: input.maxAttempts,
    budget: input.maxAttempts,
    retry: input.retry ?? null,
    timeoutMs: input.timeoutMs,
    sourceApp: input.sourceApp ?? null,
    targetApp: input.targetApp ?? null,
    idempotencyKey: opts.idempotencyKey ?? null,
    orderingKey: input.orderingKey ?? null,
    // Numbered at commit (insert-tasks.ts); ordering_open_seq is MariaDB's own (a generated column).
    orderingSeq: null,
    orderingOpenSeq: null,
    attempts: 0,
    generation: 0,
    nextAttemptAt: runAt && runAt > now ? runAt : now,
    waitingReason: null,
    waitingSince: null,
    waitingBehind: null,
    lastStatusCode: null,
    lastError: null,
    note: null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    externalId: null,
    replayOf: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
}

/**
 * Commits the rows in one multi-row INSERT (keyed rows numbered in the same transaction), then queues their first
 * attempts and announces them (after-commit.ts: bounded, and with Redis down the tasks are still durable; the
 * sweeper queues them once Redis is back).
 */
export async function insertAndEnqueue(ctx: AppContext, rows: Task[]): Promise<void> {
  if (rows.length === 0) return;
  await insertTasks(ctx.pool, rows);
  // As MariaDB now computes it for these queued rows.
  for (const r of rows) r.orderingOpenSeq = r.orderingSeq;
  const at = Date.now();
  // One span for the rows committed together: the first row's submit is its parent, the others are linked.
  const spanOptions = () => {
    const traces = rows.slice(0, 128).map((r) => remoteContext(storedTraceparent(r.headers)));
    return { parent: traces[0], links: traces.slice(1), attributes: { "bida.tasks": rows.length } };
  };
  await inSpan("enqueue", spanOptions, () =>
    afterCommit(ctx, "submit", {
      enqueue: rows.map((r) => ({ taskId: r.id, n: 1, g: 0, flow: r, runAt: r.nextAttemptAt })),
      events: rows.map((r) => ({ id: r.id, status: "queued" as const, attempts: 0, at })),
    }),
  );
}

const batchers = new WeakMap<AppContext, Batcher<Task, void>>();

function submitBatcher(ctx: AppContext): Batcher<Task, void> {
  let b = batchers.get(ctx);
  if (!b) {
    // Concurrent single submits share one commit: this is what lifts single-submit throughput past ~1,000/s.
    b = new Batcher<Task, void>(
      async (rows) => {
        await insertAndEnqueue(ctx, rows);
        return rows.map(() => undefined);
      },
      // A row the database refuses fails only its own submit: the batch is tried again row by row.
      { maxWaitMs: env.worker.commitMaxWaitMs, maxBatch: env.worker.commitMaxBatch, maxBytes: env.worker.commitMaxBytes, sizeOf: taskRowBytes, isolate: isDataError },
    );
    batchers.set(ctx, b);
  }
  return b;
}

/** Submits one task. With an idempotency key, a repeat returns the first task and `created: false`. */
export async function submitTask(
  ctx: AppContext,
  client: Pick<ApiClient, "id" | "allowedHosts">,
  input: TaskInput,
  opts: SubmitOptions = {},
): Promise<{ task: Task; created: boolean }> {
  const row = buildTaskRow(client, input, opts);
  // Submit rate and open tasks, one Redis round trip (lib/quotas/admit-submits.ts); uncounted if no task results.
  const admission = await admitSubmits(ctx, client, 1);
  if (!opts.idempotencyKey) {
    await submitBatcher(ctx).add(row).catch(admission.undo);
    return { task: row, created: true };
  }
  try {
    // Keyed submits share the group commit too (one fsync for many): a duplicate key fails the multi-row INSERT,
    // which the batcher then retries row by row, so only the repeat gets ER_DUP_ENTRY. Every Dubbo call carries a
    // key (lib/dubbo/retry-dedupe.ts): 50 in flight on one connection, 237 -> 331 calls/s, p50 196 -> 135 ms
    // (docs/operations/dubbo.md).
    await submitBatcher(ctx).add(row);
    return { task: row, created: true };
  } catch (err) {
    admission.release();
    if ((err as { cause?: { code?: string }; code?: string }).cause?.code !== "ER_DUP_ENTRY" && (err as { code?: string }).code !== "ER_DUP_ENTRY") throw err;
    const [existing] = await ctx.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.clientId, client.id), eq(tasks.idempotencyKey, opts.idempotencyKey)))
      .limit(1);
    if (!existing) throw err;
    return { task: existing, created: false };
  }
}

export type BatchResult = { id: string; status: Task["status"] } | { error: ReturnType<ApiError["toBody"]>["error"] };

/** Submits many tasks: every valid one in one transaction; each item's result in order. */
export async function submitTaskBatch(
  ctx: AppContext,
  client: Pick<ApiClient, "id" | "allowedHosts">,
  items: Array<{ ok: true; input: TaskInput } | { ok: false; error: ApiError }>,
  opts: SubmitOptions = {},
): Promise<BatchResult[]> {
  const rows: Task[] = [];
  const results: BatchResult[] = items.map((item) => {
    if (!item.ok) return { error: item.error.toBody().error };
    try {
      const row = buildTaskRow(client, item.input, opts);
      rows.push(row);
      return { id: row.id, status: row.status };
    } catch (err) {
      if (err instanceof ApiError) return { error: err.toBody().error };
      throw err;
    }
  });
  // Submit rate and open tasks, one Redis round trip for the whole batch; uncounted if its tasks are not created.
  const admission = await admitSubmits(ctx, client, rows.length);
  try {
    await insertAndEnqueue(ctx, rows);
  } catch (err) {
    if (rows.length < 2 || !isDataError(err)) admission.undo(err);
    // Validation should have refused what the database does; should a row still slip through, it alone fails.
    const refused = await insertEachAndEnqueue(ctx, rows).catch(admission.undo);
    void changeOpenTasks(ctx.redis, [{ clientId: client.id, by: -refused.size }]);
    return results.map((r) => ("id" in r && refused.has(r.id) ? { error: refusedByDatabase.toBody().error } : r));
  }
  return results;
}

const refusedByDatabase = new ApiError("validation_failed", "The database refused this task; check its sizes and values.");

/** Each row in its own statement; returns the ids of the rows that failed. */
async function insertEachAndEnqueue(ctx: AppContext, rows: Task[]): Promise<Set<string>> {
  const refused = new Set<string>();
  for (const row of rows) {
    try {
      await insertAndEnqueue(ctx, [row]);
    } catch (err) {
      if (!isDataError(err)) throw err;
      refused.add(row.id);
    }
  }
  return refused;
}
