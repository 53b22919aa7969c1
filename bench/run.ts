// npm run bench [-- --tasks 20000]: Bida's end-to-end benchmark on this machine. It prepares its own database and
// Redis database, starts the web server (server.ts), one worker and a receiver as child processes, measures submit rates,
// delivery throughput and first-attempt latency, and prints a table and then, as its last line, one JSON object.
import { config, childEnv } from "./config"; // first: points lib/env.ts at the bench's stores
import { existsSync } from "node:fs";
import path from "node:path";
import { Pool } from "undici";
import { createApiClient } from "@/lib/clients/create-client";
import { createDb } from "@/lib/db/client";
import { percentile } from "./load";
import { backlogPhase, pacedPhase, settle, singlePhase, warmUp, type PacedResult, type PhaseContext, type PhaseResult } from "./phases";
import { cpuMeter, findProcess, startRssSampler } from "./proc-stats";
import { forkModule, killAllNow, startProcess, stopAll, waitFor, type Child } from "./processes";
import type { ReceiverReply, ReceiverRequest } from "./receiver";
import { printReport, type BenchResult } from "./report";
import { prepareStores, statusTotals } from "./stores";

const log = (msg: string) => console.log(`[bench] ${msg}`);
const profileArgs = (name: string) =>
  // One folder per process: tsx's loader thread writes a profile of its own beside the main thread's.
  config.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(config.profileDir, name)}`] : [];

async function ensureBuild(): Promise<void> {
  const missing = !existsSync(path.join(config.root, ".next", "BUILD_ID"));
  // scripts/lib/next-build.mjs decides whether the build is missing or stale, exactly as `npm start` does; with
  // --skip-build only server and worker are compiled again (a tenth of a second), so they are never stale.
  const script =
    config.skipBuild && !missing
      ? "const m = await import('./scripts/lib/node-bundle.mjs'); await m.bundleNode();"
      : "const m = await import('./scripts/lib/next-build.mjs'); process.exit(await m.ensureBuild());";
  const build = startProcess("build", process.execPath, ["--input-type=module", "-e", script], { ...process.env, NODE_ENV: "production" });
  build.proc.stdout!.pipe(process.stdout);
  build.proc.stderr!.pipe(process.stderr);
  const code = await new Promise<number | null>((r) => build.proc.on("exit", r));
  await build.stop();
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
}

async function startReceiver(): Promise<{ child: Child; port: number; ask: (msg: ReceiverRequest) => Promise<ReceiverReply> }> {
  const child = forkModule("receiver", path.join(config.root, "bench", "receiver.ts"), childEnv);
  const ready = await Promise.race([
    new Promise<ReceiverReply>((r) => child.proc.once("message", r)),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`receiver did not start\n${child.output()}`)), 20_000)),
  ]);
  if (ready.type !== "ready") throw new Error("receiver sent an unexpected first message");
  // One question at a time: each answer is the next message.
  const ask = (msg: ReceiverRequest) =>
    new Promise<ReceiverReply>((resolve) => {
      child.proc.once("message", resolve);
      child.proc.send(msg);
    });
  return { child, port: ready.port, ask };
}

async function startWeb(): Promise<Child> {
  // The web server `npm start` runs (server.ts: Next.js, with the submit routes served directly).
  const web = startProcess("web", process.execPath, [...profileArgs("web"), ...config.webNodeArgs, "dist/server.mjs", "-p", String(config.port), "-H", "127.0.0.1"], childEnv);
  const health = new Pool(`http://127.0.0.1:${config.port}`, { connections: 1 });
  try {
    await waitFor("web", async () => {
      if (web.proc.exitCode !== null) throw new Error(`web exited with ${web.proc.exitCode}\n${web.output()}`);
      const res = await health.request({ path: "/api/health", method: "GET" });
      await res.body.dump();
      return res.statusCode === 200;
    }, 60_000, web.output);
  } finally {
    await health.close();
  }
  return web;
}

async function startWorker(): Promise<Child> {
  // What npm start runs: the compiled worker (ensureBuild made dist/ a moment ago).
  const worker = startProcess("worker", process.execPath, [...profileArgs("worker"), ...config.workerNodeArgs, "dist/worker.mjs"], childEnv);
  await waitFor("worker", () => {
    if (worker.proc.exitCode !== null) throw new Error(`worker exited with ${worker.proc.exitCode}\n${worker.output()}`);
    return worker.output().includes("worker started");
  }, 60_000, worker.output);
  return worker;
}

async function main() {
  log(`tasks ${config.tasks}, single ${config.single}, phases ${[...config.phases].join(",")}, db ${config.databaseUrl}, redis ${config.redisUrl}`);
  await prepareStores(config.databaseUrl, config.redisUrl);
  await ensureBuild();

  const receiver = await startReceiver();
  const web = await startWeb();
  const worker = await startWorker();
  log(`web pid ${web.pid} on :${config.port}, worker pid ${worker.pid}, receiver pid ${receiver.child.pid} on :${receiver.port}`);
  const rss = startRssSampler({ worker: worker.pid, web: web.pid });

  const { db, pool: mysql } = createDb({ url: config.databaseUrl, poolSize: 2 });
  const client = await createApiClient(db, { name: `bench-${Date.now()}` });
  const http = new Pool(`http://127.0.0.1:${config.port}`, { connections: 256 });
  const procs = { web: web.pid, worker: worker.pid, receiver: receiver.child.pid, mariadb: findProcess(["mariadbd", "mysqld"]), redis: findProcess(["redis-server"]) };
  const ctx: PhaseContext = {
    api: { pool: http, apiKey: client.apiKey, hookUrl: `http://127.0.0.1:${receiver.port}/hook` },
    mysql,
    cpu: cpuMeter(procs),
    askReceiver: receiver.ask,
  };

  log("warm-up: 1500 single and 4×500 batch submits");
  await warmUp(ctx);
  let single: PhaseResult | null = null;
  let backlog: PhaseResult | null = null;
  let paced: PacedResult | null = null;
  if (config.phases.has("single")) {
    log(`single submits: ${config.single}, ${config.concurrency} in flight (the worker delivers meanwhile)`);
    single = await singlePhase(ctx);
  }
  if (config.phases.has("backlog")) {
    log(`backlog: ${config.tasks} tasks in batches of ${config.batchSize}, ${config.batchParallel} in flight, timed until all are final`);
    backlog = await backlogPhase(ctx);
  }
  if (config.phases.has("paced")) {
    log(`settled in ${(await settle(ctx) / 1000).toFixed(1)} s (MariaDB's dirty pages written out)`);
    log(`first-attempt latency: ${config.rate} single submits/s for ${config.seconds} s`);
    paced = await pacedPhase(ctx);
  }

  rss.stop();
  const totals = await statusTotals(mysql);
  const calls = await receiver.ask({ type: "count" });
  await Promise.allSettled([mysql.end(), http.close()]);
  await stopAll();

  const perSec = (tasks: number, ms: number) => Math.round((tasks / ms) * 1000);
  const result: BenchResult = {
    submitSinglePerSec: single && perSec(single.tasks, single.submitMs),
    submitBatchPerSec: backlog && perSec(backlog.tasks, backlog.submitMs),
    deliveredPerSec: backlog && perSec(backlog.tasks, backlog.finalMs),
    firstAttemptP50Ms: paced && Math.round(percentile(paced.latencies, 50) * 10) / 10,
    firstAttemptP99Ms: paced && Math.round(percentile(paced.latencies, 99) * 10) / 10,
    workerRssMb: Math.round(rss.peakMb.worker!),
    webRssMb: Math.round(rss.peakMb.web!),
  };
  printReport(result, { single, backlog, paced, totals, receiverCalls: calls.type === "count" ? calls.calls : null });
  console.log(JSON.stringify(result));
}

let stopping = false;
const shutdown = (code: number) => {
  if (stopping) return;
  stopping = true;
  void stopAll().finally(() => process.exit(code));
  setTimeout(() => {
    killAllNow();
    process.exit(code);
  }, 20_000).unref();
};
process.on("SIGINT", () => shutdown(130));
process.on("SIGTERM", () => shutdown(143));
process.on("exit", killAllNow);

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[bench] failed: ${err.stack ?? err.message}`);
    shutdown(1);
  },
);
