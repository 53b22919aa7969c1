// The bench's settings and the environment of everything it starts. Imported first by run.ts: it points
// process.env at the bench's own stores before lib/env.ts is loaded by any other import. Like scripts/start.mjs,
// it reads process.env only to configure the processes it starts.
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "20000" },
    single: { type: "string" },
    concurrency: { type: "string", default: "64" },
    "batch-size": { type: "string", default: "1000" },
    "batch-parallel": { type: "string", default: "4" },
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "10" },
    port: { type: "string", default: "3400" },
    "skip-build": { type: "boolean", default: false },
    phases: { type: "string", default: "single,backlog,paced" },
    profile: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`npm run bench [-- options]
  --tasks N           backlog for the batch-submit and delivery phase (default 20000)
  --single N          single submits for the single-submit rate (default 5000, or --tasks when smaller)
  --concurrency N     single submits in flight (default 64)
  --batch-size N      tasks per batch request (default 1000), --batch-parallel N requests in flight (default 4)
  --rate N            steady submits per second for the first-attempt latency (default 500), for --seconds N (default 10)
  --port N            port of the bench's own web server (default 3400)
  --skip-build        do not rebuild a stale .next (a missing one is still built; dist/ always is)
  --phases LIST       which measurements to run, of single,backlog,paced (default all; skipped ones print null)
  --profile DIR       write V8 CPU profiles of web and worker (node --cpu-prof) into DIR
Node flags: BENCH_WORKER_NODE_ARGS / BENCH_WEB_NODE_ARGS (e.g. "--max-old-space-size=160", "--trace-gc") go to
        the worker's / the web's node command line; BENCH_LOG_DIR keeps each process's output in <name>.log.
Stores: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/bida_bench, emptied first),
        BENCH_REDIS_URL (default redis://127.0.0.1:6379/2, flushed first). Worker settings (WORKER_CONCURRENCY,
        COMMIT_MAX_WAIT_MS, …) pass through from the environment.`);
  process.exit(0);
}

const positive = (name: string, v: string | undefined, fallback?: number): number => {
  const n = v === undefined ? fallback : Number(v);
  if (n === undefined || !Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
};

const tasks = positive("tasks", values.tasks);
const phaseNames = ["single", "backlog", "paced"];
for (const p of values.phases.split(",")) if (!phaseNames.includes(p.trim())) throw new Error(`--phases: unknown phase "${p}"`);
export const config = {
  root: path.resolve(import.meta.dirname, ".."),
  tasks,
  single: positive("single", values.single, Math.min(5000, tasks)),
  concurrency: positive("concurrency", values.concurrency),
  batchSize: Math.min(1000, positive("batch-size", values["batch-size"])),
  batchParallel: positive("batch-parallel", values["batch-parallel"]),
  rate: positive("rate", values.rate),
  seconds: positive("seconds", values.seconds),
  port: positive("port", values.port),
  skipBuild: values["skip-build"],
  phases: new Set(values.phases.split(",").map((p) => p.trim())),
  profileDir: values.profile ? path.resolve(values.profile) : null,
  databaseUrl: process.env.BENCH_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/bida_bench",
  redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/2",
  workerNodeArgs: (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean),
  webNodeArgs: (process.env.BENCH_WEB_NODE_ARGS ?? "").split(" ").filter(Boolean),
};

/** What web, worker and the bench's own lib/ imports see. */
export const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: config.databaseUrl,
  REDIS_URL: config.redisUrl,
  REDIS_PREFIX: "bida-bench",
  NODE_ENV: "production",
  PORT: String(config.port),
  PUBLIC_URL: `http://127.0.0.1:${config.port}`,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-not-for-production-0123456789",
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  // The worker's Prometheus port is left to a running Bida; the bench's worker still counts, it only does not serve.
  WORKER_METRICS_PORT: "0",
};
Object.assign(process.env, childEnv);
