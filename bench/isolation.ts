// The isolation phase (issue 9): N healthy tasks alone, then beside N tasks to a host that accepts and never
// answers, to one that refuses connections, and to one that answers in 5 s. Target: the healthy tasks' time is
// within 1.5× their time alone in each case, and every one of them is delivered.
//
// The unhealthy tasks are submitted first, by the same client and source app as the healthy ones, so the healthy
// tasks queue behind them in the same fair-share flow: only the host gate (cap, breaker, deferral) can keep them
// apart. They time out after 3 s and have 3 attempts 1 s apart, so they keep failing throughout the case.
import { applyAction } from "@/lib/tasks/apply-action";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { config } from "./config";
import { now, submitBatches } from "./load";
import { check, type PhaseContext } from "./phases";
import type { CpuUse } from "./proc-stats";
import type { FaultKind, HostStats } from "./fault-hosts";
import { countUnfinished } from "./stores";
import { delta, readCountersOrEmpty, type Counters } from "./worker-metrics";

export const unhealthyTask = { timeoutMs: 3_000, maxAttempts: 3, retry: { strategy: "fixed", delayMs: 1_000, maxDelayMs: 1_000 } };
/** How long a case waits for its healthy tasks before it reports them undelivered (the ratio is then "—"). */
const CASE_BUDGET_MS = 90_000;
const SOURCE_APP = "bench-isolation";

export type CaseName = "alone" | "alone again" | "never answers" | "refuses" | "answers in 5 s";
const faults: Array<[CaseName, FaultKind]> = [
  ["never answers", "silent"],
  ["refuses", "refused"],
  ["answers in 5 s", "slow"],
];

export interface IsolationCase {
  name: CaseName;
  /** Healthy tasks: first submit → all final, ms; null when they were not all final within the budget. */
  healthyMs: number | null;
  healthyDelivered: number;
  tasks: number;
  /** The failing host's side, when there was one: what the breaker let through, and where its tasks stood. */
  bad: { connections: number; requests: number; attempts: number; byState: Record<string, number> } | null;
  counters: Counters;
  cpu: Record<string, CpuUse>;
}

export interface IsolationResult {
  tasks: number;
  cases: IsolationCase[];
  /** The mean of the two alone runs (first and last), the base of every ratio. */
  aloneMs: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function countWhere(ctx: PhaseContext, sql: string, args: unknown[]): Promise<number> {
  const [rows] = await ctx.mysql.query(sql, args);
  return Number((rows as Array<{ n: number }>)[0]!.n);
}

/**
 * When the last of the healthy tasks became final. The receiver's count of tasks seen is asked first (cheap, no
 * MySQL load during the case); once all have arrived, MySQL is polled until none is unfinished.
 */
async function healthyFinal(ctx: PhaseContext, targetApp: string, seenBefore: number, n: number, deadline: number): Promise<number | null> {
  for (;;) {
    const reply = await ctx.askReceiver({ type: "count" });
    if (reply.type === "count" && reply.tasks >= seenBefore + n) break;
    if (now() > deadline) return null;
    await sleep(20);
  }
  for (;;) {
    const left = await countWhere(ctx, "SELECT COUNT(*) AS n FROM tasks WHERE target_app = ? AND status IN ('queued', 'retrying')", [targetApp]);
    const at = now();
    if (left === 0) return at;
    if (at > deadline) return null;
    await sleep(10);
  }
}

/** The failing host's tasks by stored status and waiting reason, and the attempts they spent. */
async function badState(ctx: PhaseContext, targetApp: string): Promise<{ attempts: number; byState: Record<string, number> }> {
  const [rows] = await ctx.mysql.query(
    "SELECT status, waiting_reason AS reason, COUNT(*) AS n, SUM(attempts) AS attempts FROM tasks WHERE target_app = ? GROUP BY status, waiting_reason",
    [targetApp],
  );
  const list = rows as Array<{ status: string; reason: string | null; n: number; attempts: number }>;
  return {
    attempts: list.reduce((s, r) => s + Number(r.attempts), 0),
    byState: Object.fromEntries(list.map((r) => [r.reason ? `${r.status}/${r.reason}` : r.status, Number(r.n)])),
  };
}

async function runCase(ctx: PhaseContext, app: AppContext, name: CaseName, kind: FaultKind | null, n: number, tag: string): Promise<IsolationCase> {
  const okApp = `bench-iso-${tag}-ok`;
  const badApp = `bench-iso-${tag}-bad`;
  const before = await readCountersOrEmpty(ctx.worker.metricsPort);
  let port: number | null = null;
  let badIds: string[] = [];
  if (kind) {
    const reply = await ctx.askReceiver({ type: "open-host", kind, delayMs: 5_000 });
    if (reply.type !== "host") throw new Error("receiver did not open a host");
    port = reply.port;
    const r = await submitBatches(ctx.api, n, config.batchSize, config.batchParallel, SOURCE_APP, { url: `http://127.0.0.1:${port}/hook`, targetApp: badApp, ...unhealthyTask });
    check(`isolation (${name}): unhealthy submits`, r);
    badIds = r.ids;
  }
  const seen = await ctx.askReceiver({ type: "count" });
  const seenBefore = seen.type === "count" ? seen.tasks : 0;
  ctx.cpu.start();
  const t0 = now();
  const r = await submitBatches(ctx.api, n, config.batchSize, config.batchParallel, SOURCE_APP, { targetApp: okApp });
  check(`isolation (${name}): healthy submits`, r);
  const end = await healthyFinal(ctx, okApp, seenBefore, n, t0 + CASE_BUDGET_MS);
  const cpu = ctx.cpu.stop(n);
  const counters = delta(await readCountersOrEmpty(ctx.worker.metricsPort), before);
  const healthyDelivered = await countWhere(ctx, "SELECT COUNT(*) AS n FROM tasks WHERE target_app = ? AND status = 'succeeded'", [okApp]);

  let bad: IsolationCase["bad"] = null;
  if (port !== null) {
    const state = await badState(ctx, badApp);
    // An operator's cancel, so the next case starts without this host's leftovers; closing the host then ends the
    // calls still in flight to it at once instead of at their timeout.
    await applyAction(app, { action: "cancel", ids: badIds, actor: "user:bench", note: "bench: isolation case over" });
    const closed = await ctx.askReceiver({ type: "close-host", port });
    const stats: HostStats = closed.type === "host-closed" ? closed.stats : { connections: 0, requests: 0 };
    bad = { ...stats, ...state };
  }
  if (end === null) {
    // Undelivered healthy tasks are cancelled too: the phases after this one time "all final" over every task.
    await applyAction(app, { action: "cancel", ids: r.ids, actor: "user:bench", note: "bench: isolation case timed out" });
  }
  // Calls cut short by the close end within milliseconds; give the worker a moment before the next case.
  const quiet = now() + 10_000;
  while ((await countUnfinished(ctx.mysql)) > 0 && now() < quiet) await sleep(50);
  await sleep(500);
  return { name, healthyMs: end === null ? null : end - t0, healthyDelivered, tasks: n, bad, counters, cpu };
}

export async function isolationPhase(ctx: PhaseContext): Promise<IsolationResult> {
  const n = config.isoTasks;
  const app = createAppContext();
  try {
    const cases: IsolationCase[] = [];
    cases.push(await runCase(ctx, app, "alone", null, n, "alone"));
    for (const [name, kind] of faults) cases.push(await runCase(ctx, app, name, kind, n, kind));
    // Alone once more at the end: the machine's speed drifts, and the ratios are taken against the mean of both.
    cases.push(await runCase(ctx, app, "alone again", null, n, "alone-again"));
    const alone = cases.filter((c) => c.name.startsWith("alone")).map((c) => c.healthyMs);
    const aloneMs = alone.every((ms) => ms !== null) ? alone.reduce((s, ms) => s! + ms!, 0)! / alone.length : null;
    return { tasks: n, cases, aloneMs };
  } finally {
    await closeAppContext(app);
  }
}
