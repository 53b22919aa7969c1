import { existsSync } from "node:fs";
import { z } from "zod";
import { hashTagOf, parseClusterNodes } from "./redis-nodes";

// The only reader of process.env. Next.js loads .env itself; the worker and scripts load it here.
if (!process.env.NEXT_RUNTIME && existsSync(".env")) process.loadEnvFile(".env");

const int = (fallback: number) => z.coerce.number().int().default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .default(fallback ? "true" : "false")
    .transform((v) => v === "true" || v === "1");
const list = z
  .string()
  .default("")
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));

// 32 bytes in base64 (standard or URL-safe alphabet), checked at start rather than at the first secret sealed.
const aesKey = /^[A-Za-z0-9+/_-]{43}=?$/;
const keyHint = "must be 32 random bytes in base64 (openssl rand -base64 32)";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // While MySQL or Redis is unreachable, one log line this often counts what it refused (lib/outage-log.ts).
  OUTAGE_REPORT_MS: z.coerce.number().int().min(100).default(30_000),

  DATABASE_URL: z.string().default("mysql://root@127.0.0.1:3306/bida"),
  DB_POOL_SIZE: int(20),

  // A standalone Redis (or a managed one: rediss:// for TLS, redis://:password@host for AUTH).
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  // A Redis Cluster instead: its seed nodes, host:port or redis[s]:// URLs, comma-separated (docs/operations/redis-cluster.md).
  REDIS_CLUSTER_NODES: z
    .string()
    .default("")
    .transform((v, ctx) => {
      try {
        return parseClusterNodes(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
  // Namespaces every Redis key, so two deployments (or the test suite) can share one Redis. On a cluster it must
  // hold a hash tag ({bida} by default): every key then lives in one slot, as BullMQ's and Bida's scripts need.
  REDIS_PREFIX: z.string().optional(),

  PORT: int(3000),
  // The web server's listening address: loopback unless set (0.0.0.0 or :: for every interface, as the image does).
  HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_URL: z.string().default("http://localhost:3000"),
  // Proxies in front of the web (CIDRs): only from these is X-Forwarded-For read; empty trusts none.
  TRUSTED_PROXIES: list,
  // GET /api/metrics answers a caller in these CIDRs, or one sending `Authorization: Bearer <METRICS_TOKEN>`.
  METRICS_ALLOW: z.string().default("127.0.0.0/8,::1").transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
  METRICS_TOKEN: z.string().min(16, "use at least 16 characters").optional(),
  // Live event streams (GET /api/events) one console user may hold open per web process (browser tabs).
  EVENT_STREAMS_PER_USER: int(10),
  AUTH_SECRET: z.string().optional(),
  // The seeded admin's first password; unset, prepare generates a random one and prints it once.
  ADMIN_PASSWORD: z.string().min(1).optional(),
  SESSION_MAX_AGE_S: int(8 * 3600),
  // Console login lockout: this many wrong passwords for one username within the window lock it for the window.
  LOGIN_MAX_FAILURES: int(5),
  // And this many from one source address (any names) within the window lock that address for the window.
  LOGIN_MAX_FAILURES_PER_IP: int(50),
  LOGIN_LOCK_S: int(15 * 60),

  WORKER_CONCURRENCY: int(100),
  // The worker's scheduling priority (Unix nice, 0-19). Clients wait for the web's answer; deliveries wait in a
  // queue by design. On a shared machine the web should win the CPU, and the worker takes what is left.
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  SHUTDOWN_GRACE_MS: int(30_000),
  // How long a worker owns a job without renewing it: a killed worker's jobs move on after about this long.
  WORKER_LOCK_MS: int(15_000),
  // Prometheus metrics of each worker at http://<host>:<port>/metrics; 0 turns them off.
  WORKER_METRICS_PORT: int(9464),
  // The metrics server's listening address: loopback only unless set (e.g. 0.0.0.0 for a scraper on another host).
  WORKER_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  // Each worker writes a heartbeat to Redis this often; the web's /api/health calls workers gone after 3 missed beats.
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5_000),
  // npm start's restart of a crashed web or worker: first delay, doubling to the max, reset after START_STABLE_MS up.
  // scripts/start.mjs reads them itself (it runs before node_modules exists); they are checked here too.
  START_RESTART_DELAY_MS: int(1_000),
  START_RESTART_MAX_MS: int(30_000),
  START_STABLE_MS: int(60_000),
  SWEEP_INTERVAL_MS: int(5_000),
  SWEEP_GRACE_MS: int(30_000),
  COMMIT_MAX_WAIT_MS: int(4),
  COMMIT_MAX_BATCH: int(250),
  // A group commit (submits, attempt results) also ends at about this many bytes of SQL: MariaDB's default
  // max_allowed_packet is 16 MiB, and a statement past it fails for every row in it.
  COMMIT_MAX_BYTES: int(4 * 1024 * 1024),

  // Per target host (scheme, host and port), across all workers: calls in flight at most, unless the console sets
  // the host's own cap; and how long a call deferred at the gate waits at most before it asks again.
  HOST_MAX_IN_FLIGHT: int(32),
  HOST_WAIT_MS: int(30_000),
  // The longest a task waits on an open circuit before it fails (less when its own retry schedule is shorter).
  HOST_WAIT_MAX_MS: int(24 * 3_600_000),
  // The circuit breaker: this many host failures in a row (connect errors, timeouts, 429, 502-504), from at least
  // BREAKER_MIN_TASKS tasks, open the host's circuit; a trial call after BREAKER_PROBE_MS, doubling to the max.
  BREAKER_FAILURES: int(5),
  BREAKER_MIN_TASKS: int(2),
  BREAKER_PROBE_MS: int(5_000),
  BREAKER_PROBE_MAX_MS: int(300_000),

  DEFAULT_TIMEOUT_MS: int(10_000),
  DEFAULT_MAX_ATTEMPTS: int(10),
  RETRY_BASE_MS: int(10_000),
  RETRY_MAX_MS: int(3_600_000),
  RETRY_JITTER: z.coerce.number().min(0).max(1).default(0.2),
  // CIDR lists checked against every resolved target address; deny wins over allow.
  OUTBOUND_ALLOW: list,
  OUTBOUND_DENY: list,
  OUTBOUND_DENY_DEFAULTS: bool(true),
  // Loopback and this machine's own addresses are denied as targets (tasks, alert channels) unless this is true.
  OUTBOUND_ALLOW_LOOPBACK: bool(false),
  // Deny private ranges too (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, ...); allowed by default.
  OUTBOUND_DENY_PRIVATE: bool(false),
  // Static answers for target names, like curl --resolve: name=address pairs; the policy still judges the address.
  OUTBOUND_RESOLVE: list,
  // At most this many clients with outbound settings of their own (CIDRs, CA, mTLS, proxy) keep a pool each.
  OUTBOUND_CLIENT_AGENTS: z.coerce.number().int().min(1).default(64),

  // Secrets at rest (AES-256-GCM, lib/crypto/secret-box.ts): 32 bytes in base64; the previous keys, comma-separated,
  // only open values sealed before a rotation. Unset, the key is derived from AUTH_SECRET.
  SECRETS_KEY: z.string().regex(aesKey, keyHint).optional(),
  SECRETS_KEY_PREVIOUS: list.pipe(z.array(z.string().regex(aesKey, keyHint))),
  // How long the worker keeps a client's opened callback-signing secrets; a rotation reaches calls within this.
  SIGNING_CACHE_MS: int(5_000),

  // Failure alerts: at most one message per channel per window, the rest folded into one summary.
  ALERT_WINDOW_MS: int(10_000),
  ALERT_ATTEMPTS: int(6),
  ALERT_BACKOFF_MS: int(2_000),
  ALERT_TIMEOUT_MS: int(10_000),
  ALERT_CONCURRENCY: int(16),
  // How long the worker trusts its copy of the channel list; the hook runs on every committed attempt batch.
  ALERT_CHANNEL_CACHE_MS: int(5_000),

  // Per-client quotas (docs/security/quotas.md): defaults for clients whose own quotas leave a field unset; 0 means
  // no limit. Generous on purpose: they stop a runaway client, not normal traffic.
  QUOTA_SUBMITS_PER_SECOND: int(20_000),
  QUOTA_SUBMIT_BURST: int(40_000),
  QUOTA_OPEN_TASKS: int(1_000_000),
  QUOTA_ATTEMPTS_PER_MINUTE: int(600_000),
  QUOTA_BATCH_BYTES: int(1024 * 1024),
  // How often the sweeper recounts each client's open tasks from MySQL (the Redis counter drifts on lost writes).
  QUOTA_RECONCILE_MS: int(60_000),
  // Retention (worker/retention.ts): final tasks and their attempts, alerts and audit entries older than these many
  // days are deleted, by one worker at a time, in batches with a pause between them. 0 keeps that kind forever.
  RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  ALERT_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).default(365),
  // How often a run starts (the last run's start, as recorded in MySQL, counts across restarts); 0 never runs it.
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  RETENTION_BATCH: z.coerce.number().int().min(1).max(10_000).default(200),
  RETENTION_PAUSE_MS: z.coerce.number().int().min(0).default(50),
  // Self-alerts (lib/notify/self-alerts): Bida's alerts about itself to the channels that choose bida.* events.
  SELF_ALERTS: bool(true),
  // How often one worker (under a lock) checks the conditions.
  SELF_ALERT_INTERVAL_MS: int(15_000),
  // At most one "started" message per condition per window; a condition that flaps is folded into the next one.
  SELF_ALERT_WINDOW_MS: int(300_000),
  // bida.lag: the oldest due task (queued or retrying, its attempt time past) has waited longer than this.
  SELF_ALERT_LAG_MS: int(120_000),
  // bida.backlog: the open tasks have risen, check after check, for this many minutes (fractions allowed).
  SELF_ALERT_BACKLOG_MINUTES: z.coerce.number().positive().default(10),
  // bida.requeue: resolved once the sweeper has re-queued nothing for this long.
  SELF_ALERT_REQUEUE_QUIET_MS: int(300_000),
  // bida.store_down: MySQL or Redis unreachable from a worker for this long before it alerts.
  SELF_ALERT_STORE_GRACE_MS: int(15_000),
  // A probe or state read that has not answered within this counts as failed.
  SELF_ALERT_PROBE_TIMEOUT_MS: int(3_000),
  // Tracing: spans go to this OTLP/HTTP endpoint (…/v1/traces is appended); unset, no tracing SDK is started.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  // Share of new traces recorded (0..1) when a submit arrives without a traceparent; a client's sampled flag wins.
  TRACING_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
  // The Dubbo provider (docs/operations/dubbo.md): kkbida's CallBackService on this port, run by npm start as its
  // own process when set and not 0 (kkbida used 20883). Its calls become tasks of the API client named DUBBO_CLIENT.
  DUBBO_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DUBBO_CLIENT: z.string().min(1).optional(),
  // Listening address (unset: every interface) and the address published in the registry (unset: DUBBO_HOST when
  // it is one address, else this machine's first IPv4).
  DUBBO_HOST: z.string().min(1).optional(),
  DUBBO_PUBLISH_HOST: z.string().min(1).optional(),
  // Registries, comma-separated: redis://host:port (Dubbo 2.6's Redis registry) and zookeeper://host:port.
  DUBBO_REGISTRY: z.string().default(""),
  DUBBO_APPLICATION: z.string().min(1).default("bida"),
  // A consumer retries a timed-out call (1 s, twice by default): the same task from the same address within this
  // window answers the first task's id.
  DUBBO_RETRY_WINDOW_MS: z.coerce.number().int().min(0).default(30_000),
  // Dubbo's own payload limit (8 MiB) and a bound on connections.
  DUBBO_MAX_PAYLOAD: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  DUBBO_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1_000),
  // How long the web keeps its oldest-due-task reading between scrapes (one indexed query per refresh).
  METRICS_CACHE_MS: int(5_000),
});

const parsed = schema
    .refine((v) => !v.DUBBO_PORT || v.DUBBO_CLIENT !== undefined, { path: ["DUBBO_CLIENT"], message: "set it to the API client Dubbo calls become tasks of (DUBBO_PORT is set)" })
  .safeParse(process.env);
if (!parsed.success) {
  const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new Error(`Invalid environment: ${issues}`);
}
const e = parsed.data;
const redisPrefix = e.REDIS_PREFIX ?? (e.REDIS_CLUSTER_NODES ? "{bida}" : "bida");
if (e.REDIS_CLUSTER_NODES && !hashTagOf(redisPrefix)) {
  throw new Error(`Invalid environment: REDIS_PREFIX: on a Redis Cluster it needs a hash tag, e.g. {${redisPrefix}}, so BullMQ's and Bida's multi-key scripts find their keys in one slot`);
}

export const env = {
  nodeEnv: e.NODE_ENV,
  logLevel: e.LOG_LEVEL,
  outageReportMs: e.OUTAGE_REPORT_MS,
  db: { url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE },
  redis: { url: e.REDIS_URL, cluster: e.REDIS_CLUSTER_NODES, prefix: redisPrefix },
  web: { port: e.PORT, host: e.HOST, publicUrl: e.PUBLIC_URL.replace(/\/+$/, ""), eventStreamsPerUser: e.EVENT_STREAMS_PER_USER },
  callers: { trustedProxies: e.TRUSTED_PROXIES },
  metrics: { allow: e.METRICS_ALLOW, token: e.METRICS_TOKEN },
  auth: {
    secret: e.AUTH_SECRET,
    adminPassword: e.ADMIN_PASSWORD,
    sessionMaxAgeS: e.SESSION_MAX_AGE_S,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
    loginLockS: e.LOGIN_LOCK_S,
  },
  worker: {
    concurrency: e.WORKER_CONCURRENCY,
    nice: e.WORKER_NICE,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    lockMs: e.WORKER_LOCK_MS,
    metricsPort: e.WORKER_METRICS_PORT,
    metricsHost: e.WORKER_METRICS_HOST,
    heartbeatMs: e.WORKER_HEARTBEAT_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    sweepGraceMs: e.SWEEP_GRACE_MS,
    commitMaxWaitMs: e.COMMIT_MAX_WAIT_MS,
    commitMaxBatch: e.COMMIT_MAX_BATCH,
    commitMaxBytes: e.COMMIT_MAX_BYTES,
  },
  hosts: {
    maxInFlight: e.HOST_MAX_IN_FLIGHT,
    waitMs: e.HOST_WAIT_MS,
    waitMaxMs: e.HOST_WAIT_MAX_MS,
    // A call's slot lapses unless renewed: a killed worker's share comes back within its lock time.
    slotLapseMs: e.WORKER_LOCK_MS,
    breaker: { failures: e.BREAKER_FAILURES, minTasks: e.BREAKER_MIN_TASKS, probeMs: e.BREAKER_PROBE_MS, probeMaxMs: e.BREAKER_PROBE_MAX_MS },
  },
  delivery: {
    defaultTimeoutMs: e.DEFAULT_TIMEOUT_MS,
    defaultMaxAttempts: e.DEFAULT_MAX_ATTEMPTS,
    retryBaseMs: e.RETRY_BASE_MS,
    retryMaxMs: e.RETRY_MAX_MS,
    retryJitter: e.RETRY_JITTER,
    outboundAllow: e.OUTBOUND_ALLOW,
    outboundDeny: e.OUTBOUND_DENY,
    outboundDenyDefaults: e.OUTBOUND_DENY_DEFAULTS,
    outboundAllowLoopback: e.OUTBOUND_ALLOW_LOOPBACK,
    outboundDenyPrivate: e.OUTBOUND_DENY_PRIVATE,
    outboundResolve: e.OUTBOUND_RESOLVE,
    outboundClientAgents: e.OUTBOUND_CLIENT_AGENTS,
  },
  secrets: { key: e.SECRETS_KEY, previousKeys: e.SECRETS_KEY_PREVIOUS, signingCacheMs: e.SIGNING_CACHE_MS },
  alerts: {
    windowMs: e.ALERT_WINDOW_MS,
    attempts: e.ALERT_ATTEMPTS,
    backoffMs: e.ALERT_BACKOFF_MS,
    timeoutMs: e.ALERT_TIMEOUT_MS,
    concurrency: e.ALERT_CONCURRENCY,
    channelCacheMs: e.ALERT_CHANNEL_CACHE_MS,
  },
  quotas: {
    submitsPerSecond: e.QUOTA_SUBMITS_PER_SECOND,
    submitBurst: e.QUOTA_SUBMIT_BURST,
    openTasks: e.QUOTA_OPEN_TASKS,
    attemptsPerMinute: e.QUOTA_ATTEMPTS_PER_MINUTE,
    batchBytes: e.QUOTA_BATCH_BYTES,
    reconcileMs: e.QUOTA_RECONCILE_MS,
  },
  retention: {
    taskDays: e.RETENTION_DAYS,
    alertDays: e.ALERT_RETENTION_DAYS,
    auditDays: e.AUDIT_RETENTION_DAYS,
    intervalMs: e.RETENTION_INTERVAL_MS,
    batch: e.RETENTION_BATCH,
    pauseMs: e.RETENTION_PAUSE_MS,
  },
  selfAlerts: {
    enabled: e.SELF_ALERTS,
    intervalMs: e.SELF_ALERT_INTERVAL_MS,
    windowMs: e.SELF_ALERT_WINDOW_MS,
    lagMs: e.SELF_ALERT_LAG_MS,
    backlogMs: Math.round(e.SELF_ALERT_BACKLOG_MINUTES * 60_000),
    requeueQuietMs: e.SELF_ALERT_REQUEUE_QUIET_MS,
    storeGraceMs: e.SELF_ALERT_STORE_GRACE_MS,
    probeTimeoutMs: e.SELF_ALERT_PROBE_TIMEOUT_MS,
  },
  tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, ""), sampleRatio: e.TRACING_SAMPLE_RATIO },
  metricsCacheMs: e.METRICS_CACHE_MS,
  dubbo: {
    port: e.DUBBO_PORT,
    client: e.DUBBO_CLIENT,
    host: e.DUBBO_HOST,
    publishHost: e.DUBBO_PUBLISH_HOST,
    registry: e.DUBBO_REGISTRY,
    application: e.DUBBO_APPLICATION,
    retryWindowMs: e.DUBBO_RETRY_WINDOW_MS,
    maxPayload: e.DUBBO_MAX_PAYLOAD,
    maxConnections: e.DUBBO_MAX_CONNECTIONS,
  },
} as const;

export type Env = typeof env;
