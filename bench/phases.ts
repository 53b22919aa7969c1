import type { Pool as MysqlPool } from "mysql2/promise";
import type { Db } from "@/lib/db/client";
import { config } from "./config";
import { now, submitBatches, submitPaced, submitSingles, type ApiTarget, type SubmitResult } from "./load";
import type { CpuUse, cpuMeter } from "./proc-stats";
import type { AskReceiver, WorkerProcess } from "./services";
import { countUnfinished, dirtyPages, unfinishedBreakdown } from "./stores";

export interface PhaseContext {
  api: ApiTarget;
  mysql: MysqlPool;
  /** For what the bench does as Bida's own code would: API clients, an operator's cancel. */
  db: Db;
  cpu: ReturnType<typeof cpuMeter>;
  askReceiver: AskReceiver;
  /** The processes whose CPU is measured, by name; a phase that replaces the worker measures with a meter of its own. */
  procs: Record<string, number | null>;
  /** The worker running now. */
  worker: WorkerProcess;
  /** Stops the worker and starts another with these settings (undefined: the default); ctx.worker follows. */
  replaceWorker: (name: string, env: Record<string, string | undefined>) => Promise<WorkerProcess>;
}

export interface PhaseResult {
  /** Tasks the phase submitted. */
  tasks: number;
  /** Submit time only, ms. */
  submitMs: number;
  /** From the first submit until no task is unfinished, ms. */
  finalMs: number;
  cpu: Record<string, CpuUse>;
}

/**
 * Waits until no task is unfinished; resolves with the time that was first seen. The count costs MariaDB a scan
 * of the unfinished rows, so it is taken every 500 ms while many are left and every 25 ms near the end.
 */
export async function drained(ctx: PhaseContext, what: string, tasks: number): Promise<number> {
  // A floor of 200 tasks/s: anything slower is broken, and the bench must end.
  const budgetS = Math.max(60, tasks / 200);
  const deadline = now() + budgetS * 1000;
  for (;;) {
    const left = await countUnfinished(ctx.mysql);
    const at = now();
    if (left === 0) return at;
    if (at > deadline) throw new Error(`${what}: ${left} tasks still unfinished after ${Math.round(budgetS)} s: ${await unfinishedBreakdown(ctx.mysql)}`);
    // Polled often near the end, where a coarse poll would add its own wait to the measured time (the count reads
    // only the (status, id) index entries of unfinished tasks).
    await new Promise((r) => setTimeout(r, left > 5000 ? 250 : 20));
  }
}

export function check(what: string, r: SubmitResult): void {
  if (r.errors > 0) throw new Error(`${what}: ${r.errors} requests failed; first: ${r.firstError}`);
}

/** Warms Next's routes, the pools and the JIT, so the first measured phase does not pay for them. */
export async function warmUp(ctx: PhaseContext): Promise<void> {
  // The route handlers reach their steady cost only after a thousand or so requests (V8's optimizing tiers).
  check("warm-up", await submitSingles(ctx.api, 1500, config.concurrency, "bench-warmup"));
  check("warm-up", await submitBatches(ctx.api, 2000, 500, 2, "bench-warmup"));
  await drained(ctx, "warm-up delivery", 3500);
}

/** Single submits at a fixed concurrency; the worker delivers them meanwhile, as it would in production. */
export async function singlePhase(ctx: PhaseContext): Promise<PhaseResult> {
  ctx.cpu.start();
  const t0 = now();
  const r = await submitSingles(ctx.api, config.single, config.concurrency, "bench-single");
  check("single submits", r);
  const end = await drained(ctx, "single-submit delivery", config.single);
  return { tasks: r.ids.length, submitMs: r.ms, finalMs: end - t0, cpu: ctx.cpu.stop(r.ids.length) };
}

/** A backlog submitted in batches, timed from the first submit until every task is final. */
export async function backlogPhase(ctx: PhaseContext): Promise<PhaseResult> {
  ctx.cpu.start();
  const t0 = now();
  const r = await submitBatches(ctx.api, config.tasks, config.batchSize, config.batchParallel, "bench-batch");
  check("batch submits", r);
  const end = await drained(ctx, "backlog delivery", config.tasks);
  return { tasks: r.ids.length, submitMs: r.ms, finalMs: end - t0, cpu: ctx.cpu.stop(r.ids.length) };
}

export interface PacedResult extends PhaseResult {
  achievedPerSec: number;
  /** Send → 201, ms, sorted: how much of the latency is the web's answer. */
  answerMs: number[];
  /** Client send → receiver arrival of attempt 1, ms, sorted. */
  latencies: number[];
  missing: number;
}

/**
 * Waits (at most 30 s) until MariaDB has written out what the phases before left changed in memory. After the
 * 20,000-task backlog it writes ~1,500 dirty pages for about ten seconds, and commits meanwhile wait on that
 * disk: a steady-rate measurement would mostly measure that tail of the burst before it.
 */
export async function settle(ctx: PhaseContext): Promise<number> {
  const started = now();
  while (now() - started < 30_000 && (await dirtyPages(ctx.mysql)) > 100) await new Promise((r) => setTimeout(r, 250));
  return now() - started;
}

/**
 * A steady rate of single submits; first-attempt latency is measured from the client's send to the receiver. The
 * first two seconds at the rate are not measured: in them the slow answers bunched (new connections after the
 * settle, pools and code warming to a new pattern), a start-up transient rather than the steady state.
 */
export async function pacedPhase(ctx: PhaseContext): Promise<PacedResult> {
  const warm = await submitPaced(ctx.api, config.rate, 2, "bench-latency-warmup");
  if (warm.errors > 0) throw new Error(`paced warm-up: ${warm.errors} failed; first: ${warm.firstError}`);
  ctx.cpu.start();
  const t0 = now();
  const r = await submitPaced(ctx.api, config.rate, config.seconds, "bench-latency");
  if (r.errors > 0) throw new Error(`paced submits: ${r.errors} failed; first: ${r.firstError}`);
  const submitMs = now() - t0;
  const end = await drained(ctx, "paced delivery", r.sentAt.size);
  const cpu = ctx.cpu.stop(r.sentAt.size);
  const ids = [...r.sentAt.keys()];
  const reply = await ctx.askReceiver({ type: "arrivals", ids });
  if (reply.type !== "arrivals") throw new Error("receiver sent an unexpected answer");
  const latencies = ids.flatMap((id, i) => (reply.times[i] == null ? [] : [reply.times[i]! - r.sentAt.get(id)!])).sort((a, b) => a - b);
  return { tasks: ids.length, submitMs, finalMs: end - t0, cpu, achievedPerSec: r.achievedPerSec, answerMs: r.answerMs.sort((a, b) => a - b), latencies, missing: ids.length - latencies.length };
}
