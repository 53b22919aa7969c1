// The fairness phase (issue 9): client A has a large backlog waiting for a healthy host while client B submits a
// few tasks; B's first attempts should start within a small, stated bound of their time on an idle worker.
//
// B calls the same host as A, so both the fair share of the queue (lib/queue/fair-share.ts) and the host's cap
// (B's calls share A's HOST_MAX_IN_FLIGHT) are in its way. Client C does the same to a host of its own, which
// leaves only the queue in its way: the two together tell which of the two a slow B waits on.
// Latency is the client's send of its one batch request → the receiver seeing each task's first call.
import { createApiClient } from "@/lib/clients/create-client";
import { config } from "./config";
import { now, percentile, submitBatches, type ApiTarget } from "./load";
import { check, drained, type PhaseContext } from "./phases";
import { countUnfinished } from "./stores";
import { delta, readCountersOrEmpty, type Counters } from "./worker-metrics";

/** How long B's tasks may take to arrive before the phase reports the rest as missing. */
export const ARRIVAL_BUDGET_MS = 60_000;
/**
 * The stated bound: B's p99 beside A's backlog at most this much above its idle p99. What B's first task may
 * rightly wait for: the jobs the worker already holds (3 per call slot, 300 by default: ~100 ms at ~3,000/s),
 * and about as much again while B's 100 share the host's cap with A's calls.
 */
export const FAIRNESS_BOUND_MS = 200;

export interface LatencyRun {
  /** Client send → first call at the receiver, ms, sorted; a task that never arrived counts as Infinity (last). */
  latencies: number[];
  missing: number;
  /** Unfinished tasks (A's backlog) when the batch was sent; 0 on the idle worker. */
  backlogAtSubmit: number;
}

export interface FairnessClient {
  label: string;
  idle: LatencyRun;
  busy: LatencyRun;
}

export interface FairnessResult {
  backlog: number;
  tasks: number;
  clients: FairnessClient[];
  /** A's backlog, first submit → all final (B's and C's tasks included), ms. */
  backlogFinalMs: number;
  counters: Counters;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function client(ctx: PhaseContext, name: string, hookUrl: string): Promise<ApiTarget> {
  const c = await createApiClient(ctx.db, { name: `${name}-${Date.now()}` });
  return { pool: ctx.api.pool, apiKey: c.apiKey, hookUrl };
}

/** One batch of `config.fairTasks`, sent at once; resolves when all have reached the receiver (or the budget ran out). */
async function burst(ctx: PhaseContext, api: ApiTarget, sourceApp: string): Promise<LatencyRun> {
  const backlogAtSubmit = await countUnfinished(ctx.mysql);
  const sent = now();
  const r = await submitBatches(api, config.fairTasks, config.fairTasks, 1, sourceApp);
  check(`fairness (${sourceApp}) submits`, r);
  const deadline = sent + ARRIVAL_BUDGET_MS;
  let times: Array<number | null> = [];
  for (;;) {
    const reply = await ctx.askReceiver({ type: "arrivals", ids: r.ids });
    if (reply.type === "arrivals") times = reply.times;
    if (times.every((t) => t !== null) || now() > deadline) break;
    await sleep(10);
  }
  // Missing ones stay in as Infinity, so that the percentiles cannot look better for tasks that never came.
  const latencies = times.map((t) => (t === null ? Infinity : t - sent)).sort((a, b) => a - b);
  return { latencies, missing: times.filter((t) => t === null).length, backlogAtSubmit };
}

export async function fairnessPhase(ctx: PhaseContext): Promise<FairnessResult> {
  const own = await ctx.askReceiver({ type: "open-host", kind: "ok" });
  if (own.type !== "host") throw new Error("receiver did not open a host");
  const a = await client(ctx, "bench-fair-a", ctx.api.hookUrl);
  const b = await client(ctx, "bench-fair-b", ctx.api.hookUrl);
  const c = await client(ctx, "bench-fair-c", `http://127.0.0.1:${own.port}/hook`);

  // Idle first: the same bursts with nothing else queued.
  const idleB = await burst(ctx, b, "bench-fair-b-idle");
  await drained(ctx, "fairness idle B", config.fairTasks);
  const idleC = await burst(ctx, c, "bench-fair-c-idle");
  await drained(ctx, "fairness idle C", config.fairTasks);

  const before = await readCountersOrEmpty(ctx.worker.metricsPort);
  const t0 = now();
  const r = await submitBatches(a, config.fairBacklog, config.batchSize, config.batchParallel, "bench-fair-a");
  check("fairness: A's backlog", r);
  // Both at once, so both meet the same backlog (each is its own client, so its own flow of the fair share).
  const [busyB, busyC] = await Promise.all([burst(ctx, b, "bench-fair-b"), burst(ctx, c, "bench-fair-c")]);
  const end = await drained(ctx, "fairness backlog", config.fairBacklog);
  const counters = delta(await readCountersOrEmpty(ctx.worker.metricsPort), before);
  await ctx.askReceiver({ type: "close-host", port: own.port });
  return {
    backlog: config.fairBacklog,
    tasks: config.fairTasks,
    clients: [
      { label: "B (A's host)", idle: idleB, busy: busyB },
      { label: "C (own host)", idle: idleC, busy: busyC },
    ],
    backlogFinalMs: end - t0,
    counters,
  };
}

export const p = (run: LatencyRun, q: number) => percentile(run.latencies, q);
