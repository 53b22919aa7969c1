// The baseline phase: the same backlog as Bida's backlog phase, through the plain design of ./worker.ts, timed from
// the first insert until every outcome is committed. Its worker is bundled by esbuild like Bida's own (tsx's loader
// would cost it a second V8 isolate that Bida's worker does not carry).
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import path from "node:path";
import { childEnv, config } from "../config";
import { now } from "../load";
import type { PhaseContext } from "../phases";
import { cpuMeter, type CpuUse } from "../proc-stats";
import { forkModule, type Child } from "../processes";
import { submitBaseline } from "./submit";
import { baselineTotals, createBaselineTable } from "./table";
import type { BaselineJob, BaselineMessage } from "./worker";

/** Its own Redis prefix: the baseline's queue never meets Bida's keys. */
const PREFIX = "bench-baseline";
/** Like Bida's warm-up: the JIT, the pools and the connections settle before the measured backlog. */
const WARM_UP = 2_000;

export interface BaselineResult {
  tasks: number;
  concurrency: number;
  submitMs: number;
  finalMs: number;
  cpu: Record<string, CpuUse>;
  byStatus: Record<string, number>;
}

async function bundleWorker(): Promise<string> {
  const { build } = await import("esbuild");
  // Under node_modules/ so that its external imports (bullmq, mysql2, …) resolve from the project's packages.
  const outfile = path.join(config.root, "node_modules", ".cache", "bida-bench", "baseline-worker.mjs");
  await build({
    entryPoints: [path.join(config.root, "bench", "baseline", "worker.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}

async function startWorker(): Promise<{ child: Child; committed: () => number }> {
  const env: NodeJS.ProcessEnv = {
    ...childEnv,
    BASELINE_DATABASE_URL: config.databaseUrl,
    BASELINE_REDIS_URL: config.redisUrl,
    BASELINE_PREFIX: PREFIX,
    BASELINE_CONCURRENCY: String(config.baselineConcurrency),
  };
  const child = forkModule("baseline", await bundleWorker(), env, []);
  let committed = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.proc.on("message", (m: BaselineMessage) => {
      if (m.type === "ready") resolve();
      else if (m.type === "committed") committed += m.n;
    });
    child.proc.once("exit", (code) => reject(new Error(`baseline worker exited with ${code}\n${child.output()}`)));
    setTimeout(() => reject(new Error(`baseline worker did not start\n${child.output()}`)), 30_000).unref();
  });
  await ready;
  return { child, committed: () => committed };
}

/** Resolves with the time `target` outcomes had been committed (polled every 5 ms: the counts come over IPC). */
async function committedAll(committed: () => number, target: number, what: string): Promise<number> {
  const deadline = now() + Math.max(60_000, target * 5);
  while (committed() < target) {
    if (now() > deadline) throw new Error(`${what}: ${target - committed()} outcomes not committed in time`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return now();
}

export async function baselinePhase(ctx: PhaseContext): Promise<BaselineResult> {
  await createBaselineTable(ctx.mysql);
  const pool = mysql.createPool({ uri: config.databaseUrl, connectionLimit: config.batchParallel, timezone: "Z" });
  const queue = new Queue<BaselineJob>("deliver", { connection: new Redis(config.redisUrl, { maxRetriesPerRequest: null }), prefix: PREFIX });
  const worker = await startWorker();
  try {
    const submit = (count: number) => submitBaseline({ pool, queue, url: ctx.api.hookUrl, count, batchSize: config.batchSize, parallel: config.batchParallel });
    await submit(WARM_UP);
    await committedAll(worker.committed, WARM_UP, "baseline warm-up");
    // Bida's web and worker stay up, idle; their CPU is shown so that it can be seen to be small.
    const meter = cpuMeter({ ...ctx.procs, baseline: worker.child.pid });
    meter.start();
    const t0 = now();
    const submitMs = await submit(config.tasks);
    const end = await committedAll(worker.committed, WARM_UP + config.tasks, "baseline backlog");
    const cpu = meter.stop(config.tasks);
    return { tasks: config.tasks, concurrency: config.baselineConcurrency, submitMs, finalMs: end - t0, cpu, byStatus: await baselineTotals(ctx.mysql) };
  } finally {
    await worker.child.stop();
    await Promise.allSettled([queue.close(), pool.end()]);
  }
}
