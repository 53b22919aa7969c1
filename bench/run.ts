// npm run bench [-- --tasks 20000]: Bida's end-to-end benchmark on this machine. It prepares its own database and
// Redis database, starts the web server (server.ts), one worker and a receiver as child processes, measures submit
// rates, delivery throughput and first-attempt latency, and issue 9's scheduling figures (isolation from failing
// hosts, fairness between clients, throughput against a plain BullMQ + MySQL design, the host gate's cost), and
// prints a table and then, as its last line, one JSON object.
import { config } from "./config"; // first: points lib/env.ts at the bench's stores
import { Pool } from "undici";
import { createApiClient } from "@/lib/clients/create-client";
import { createDb } from "@/lib/db/client";
import { baselinePhase, type BaselineResult } from "./baseline/phase";
import { capsPhase, type CapsVariant } from "./caps";
import { fairnessPhase, type FairnessResult } from "./fairness";
import { isolationPhase, type IsolationResult } from "./isolation";
import { backlogPhase, pacedPhase, settle, singlePhase, warmUp, type PacedResult, type PhaseContext, type PhaseResult } from "./phases";
import { cpuMeter, findProcess, startRssSampler } from "./proc-stats";
import { killAllNow, stopAll } from "./processes";
import { trustPhase, type TrustResult } from "./trust";
import { redisCommandMeter, type CommandCount } from "./redis-commands";
import { printReport, resultOf } from "./report";
import { ensureBuild, startReceiver, startWeb, startWorker } from "./services";
import { prepareStores, statusTotals } from "./stores";
import { retentionPhase, type RetentionResult } from "./retention";
import { delta, readCountersOrEmpty, type Counters } from "./worker-metrics";

const log = (msg: string) => console.log(`[bench] ${msg}`);

async function main() {
  log(`tasks ${config.tasks}, single ${config.single}, phases ${[...config.phases].join(",")}, db ${config.databaseUrl}, redis ${config.redisUrl}`);
  // Settings passed through to the worker change what the figures mean: say which were set.
  const passed = Object.entries(process.env).filter(([k]) => /^(WORKER_|HOST_|BREAKER_|COMMIT_|RETRY_|DB_POOL|RETENTION_)/.test(k) && k !== "WORKER_METRICS_PORT");
  if (passed.length) log(`worker settings from the environment: ${passed.map(([k, v]) => `${k}=${v}`).join(" ")}`);
  await prepareStores(config.databaseUrl, config.redisUrl);
  await ensureBuild();

  const receiver = await startReceiver();
  const web = await startWeb();
  const worker = await startWorker();
  log(`web pid ${web.pid} on :${config.port}, worker pid ${worker.child.pid}, receiver pid ${receiver.child.pid} on :${receiver.port}`);
  const rss = startRssSampler({ worker: worker.child.pid, web: web.pid });

  const { db, pool: mysql } = createDb({ url: config.databaseUrl, poolSize: 2 });
  const client = await createApiClient(db, { name: `bench-${Date.now()}` });
  const http = new Pool(`http://127.0.0.1:${config.port}`, { connections: 256 });
  const procs = { web: web.pid, worker: worker.child.pid, receiver: receiver.child.pid, mariadb: findProcess(["mariadbd", "mysqld"]), redis: findProcess(["redis-server"]) };
  const ctx: PhaseContext = {
    api: { pool: http, apiKey: client.apiKey, hookUrl: `http://127.0.0.1:${receiver.port}/hook` },
    mysql,
    db,
    cpu: cpuMeter(procs),
    askReceiver: receiver.ask,
    procs,
    worker,
    async replaceWorker(name, env) {
      await ctx.worker.child.stop();
      ctx.worker = await startWorker(name, env);
      ctx.procs = { ...ctx.procs, worker: ctx.worker.child.pid };
      ctx.cpu = cpuMeter(ctx.procs);
      log(`${name} pid ${ctx.worker.child.pid} started with ${JSON.stringify(env)}`);
      return ctx.worker;
    },
  };

  log("warm-up: 1500 single and 4×500 batch submits");
  await warmUp(ctx);
  let single: PhaseResult | null = null;
  let backlog: PhaseResult | null = null;
  let backlogCounters: Counters | null = null;
  let baseline: BaselineResult | null = null;
  let paced: PacedResult | null = null;
  let isolation: IsolationResult | null = null;
  let fairness: FairnessResult | null = null;
  let caps: CapsVariant[] | null = null;
  let trust: TrustResult | null = null;
  let retention: RetentionResult | null = null;
  // Redis commands per task in the backlog and the baseline: the plainest measure of what each design asks of Redis.
  const commands = redisCommandMeter(config.redisUrl);
  const redisCommands: { backlog: CommandCount | null; baseline: CommandCount | null } = { backlog: null, baseline: null };
  if (config.phases.has("single")) {
    log(`single submits: ${config.single}, ${config.concurrency} in flight (the worker delivers meanwhile)`);
    single = await singlePhase(ctx);
  }
  if (config.phases.has("backlog")) {
    log(`backlog: ${config.tasks} tasks in batches of ${config.batchSize}, ${config.batchParallel} in flight, timed until all are final`);
    const before = await readCountersOrEmpty(ctx.worker.metricsPort);
    await commands.reset();
    backlog = await backlogPhase(ctx);
    redisCommands.backlog = await commands.read(backlog.tasks);
    backlogCounters = delta(await readCountersOrEmpty(ctx.worker.metricsPort), before);
  }
  // Right after Bida's backlog, so that the two throughputs are compared on the machine as it runs now.
  if (config.phases.has("baseline")) {
    log(`baseline: the same ${config.tasks} tasks through bench/baseline/ (BullMQ + MySQL group commit, no web)`);
    await commands.reset();
    baseline = await baselinePhase(ctx);
    redisCommands.baseline = await commands.read(baseline.tasks);
  }
  if (config.phases.has("paced")) {
    log(`settled in ${(await settle(ctx) / 1000).toFixed(1)} s (MariaDB's dirty pages written out)`);
    log(`first-attempt latency: ${config.rate} single submits/s for ${config.seconds} s`);
    paced = await pacedPhase(ctx);
  }
  if (config.phases.has("isolation")) {
    log(`isolation: ${config.isoTasks} healthy tasks alone, then beside ${config.isoTasks} to a host that never answers, refuses, answers in 5 s`);
    isolation = await isolationPhase(ctx);
  }
  if (config.phases.has("fairness")) {
    log(`fairness: client A's ${config.fairBacklog}-task backlog, then ${config.fairTasks} each from B (same host) and C (own host)`);
    fairness = await fairnessPhase(ctx);
  }
  if (config.phases.has("trust")) {
    log("trust: single submits with a caller allow-list and quotas, against a client with neither, 3 rounds each");
    trust = await trustPhase(ctx);
  }
  // Last: it replaces the worker (twice), and the peak RSS reported is the first worker's.
  if (config.phases.has("caps")) {
    log(`caps: the ${config.tasks}-task backlog on fresh workers, host gate on, then effectively off`);
    caps = await capsPhase(ctx);
  }
  // After caps, for the same reason: it replaces the worker too (with one that runs retention now).
  if (config.phases.has("retention")) {
    log(`retention: ${config.retentionTasks} aged final tasks seeded, then ${config.rate}/s paced submits with retention idle and while it deletes them`);
    retention = await retentionPhase(ctx, client.id);
  }

  rss.stop();
  await commands.close();
  const totals = await statusTotals(mysql);
  const calls = await receiver.ask({ type: "count" });
  await Promise.allSettled([mysql.end(), http.close()]);
  await stopAll();

  const details = {
    single,
    backlog,
    backlogCounters,
    paced,
    baseline,
    isolation,
    fairness,
    caps,
    retention,
    redisCommands,
    trust,
    totals,
    receiverCalls: calls.type === "count" ? calls.calls : null,
    rssMb: { worker: rss.peakMb.worker!, web: rss.peakMb.web! },
  };
  const result = resultOf(details);
  printReport(result, details);
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
