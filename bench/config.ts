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
    phases: { type: "string", default: "default" },
    "iso-tasks": { type: "string", default: "2000" },
    "fair-backlog": { type: "string", default: "20000" },
    "fair-tasks": { type: "string", default: "100" },
    "retention-tasks": { type: "string", default: "1000000" },
    "baseline-concurrency": { type: "string" },
    profile: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`npm run bench [-- options]
  --tasks N           backlog for the batch-submit and delivery phase (default 20000); also the baseline's and caps'
  --single N          single submits for the single-submit rate (default 5000, or --tasks when smaller)
  --concurrency N     single submits in flight (default 64)
  --batch-size N      tasks per batch request (default 1000), --batch-parallel N requests in flight (default 4)
  --rate N            steady submits per second for the first-attempt latency (default 500), for --seconds N (default 10)
  --iso-tasks N       isolation: healthy tasks per case, and as many to the failing host beside them (default 2000)
  --fair-backlog N    fairness: client A's backlog (default 20000); --fair-tasks N: client B's and C's tasks (default 100)
  --retention-tasks N retention: aged final tasks seeded (with their attempts) and deleted during the paced
                      phase (default 1000000; RETENTION_BATCH / RETENTION_PAUSE_MS pass to its worker)
  --baseline-concurrency N  the baseline worker's BullMQ concurrency (default WORKER_CONCURRENCY, else 100)
  --port N            port of the bench's own web server (default 3400)
  --skip-build        do not rebuild a stale .next (a missing one is still built; dist/ always is)
  --phases LIST       which measurements to run (skipped ones print null), in this order whatever the list's:
                        single    single submits at --concurrency, the worker delivering meanwhile
                        backlog   --tasks in batches, timed from the first submit until all are final
                        baseline  the same backlog through the plain BullMQ + MySQL design of bench/baseline/
                        paced     first-attempt latency at a steady --rate
                        isolation healthy tasks alone, then beside a host that never answers, one that refuses
                                  connections and one that answers in 5 s
                        fairness  client B's first-attempt latency while client A's backlog waits, against idle
                        caps      the backlog with the host gate's cap and breaker effectively off, against on
                        trust     single submits by a client with a caller allow-list and quotas, against one
                                  with neither (three rounds each, alternating)
                        retention the paced phase with retention idle, then while a run deletes --retention-tasks
                                  aged tasks (not in default: seeding and deleting a million rows takes minutes)
                      default: every phase but retention (~2.5–3.5 min here); all: every phase; e.g. --phases isolation,fairness
  --profile DIR       write V8 CPU profiles of web and worker (node --cpu-prof) into DIR
Node flags: BENCH_WORKER_NODE_ARGS / BENCH_WEB_NODE_ARGS (e.g. "--max-old-space-size=160", "--trace-gc") go to
        the worker's / the web's node command line; BENCH_LOG_DIR keeps each process's output in <name>.log.
Stores: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/bida_bench, dropped and made again first),
        BENCH_REDIS_URL (default redis://127.0.0.1:6379/2, flushed first). Worker settings (WORKER_CONCURRENCY,
        COMMIT_MAX_WAIT_MS, HOST_MAX_IN_FLIGHT, …) pass through from the environment.
Traffic: every host the bench starts or calls is on 127.0.0.1.`);
  process.exit(0);
}

const positive = (name: string, v: string | undefined, fallback?: number): number => {
  const n = v === undefined ? fallback : Number(v);
  if (n === undefined || !Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
};

const tasks = positive("tasks", values.tasks);
export const phaseNames = ["single", "backlog", "baseline", "paced", "isolation", "fairness", "caps", "trust", "retention"] as const;
export type PhaseName = (typeof phaseNames)[number];
// Every phase by default: all of them take ~2.5–3.5 min on the project's 2-core machine, within the ~6 min a
// default run may take (measured at 864 delivered/s; a faster worker only shortens it).
// Retention only when asked for: its million-row seed and deletion take minutes of the machine.
const defaultPhases: PhaseName[] = phaseNames.filter((p) => p !== "retention");
const phases = new Set<PhaseName>();
for (const raw of values.phases.split(",")) {
  const p = raw.trim();
  if (p === "default") defaultPhases.forEach((d) => phases.add(d));
  else if (p === "all") phaseNames.forEach((d) => phases.add(d));
  else if ((phaseNames as readonly string[]).includes(p)) phases.add(p as PhaseName);
  else throw new Error(`--phases: unknown phase "${p}" (known: ${phaseNames.join(", ")}, default, all)`);
}
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
  phases,
  isoTasks: positive("iso-tasks", values["iso-tasks"]),
  fairBacklog: positive("fair-backlog", values["fair-backlog"]),
  fairTasks: Math.min(1000, positive("fair-tasks", values["fair-tasks"])),
  retentionTasks: positive("retention-tasks", values["retention-tasks"]),
  baselineConcurrency: positive("baseline-concurrency", values["baseline-concurrency"] ?? process.env.WORKER_CONCURRENCY, 100),
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
  // A known first password, so setups that sign in need no one-time password from the log.
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? "admin",
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  // The worker's Prometheus port is left to a running Bida: bench/services.ts gives each worker it starts a free one.
  WORKER_METRICS_PORT: "0",
  // Every host the bench calls is on 127.0.0.1, which the outbound policy denies by default.
  OUTBOUND_ALLOW_LOOPBACK: "true",
};
Object.assign(process.env, childEnv);
