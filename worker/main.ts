import { createAppContext, closeAppContext } from "@/lib/context";
import { SecretBoxError } from "@/lib/crypto/secret-box";
import { createDb } from "@/lib/db/client";
import { failedBeforeCall, makeAttempt } from "@/lib/delivery/make-attempt";
import { createOutboundAgent } from "@/lib/delivery/outbound-policy";
import { env } from "@/lib/env";
import { syncHostSettings } from "@/lib/hosts/host-settings";
import { logger } from "@/lib/logger";
import { createWorkerMetrics } from "@/lib/metrics/worker-metrics";
import { getAlertAgent } from "@/lib/notify/alert-agent";
import { alertQueueFor, closeAlertQueue } from "@/lib/queue/alert-queue";
import { taskAhead } from "@/lib/tasks/ordering-head";
import { createAttemptQuota } from "./attempt-quota";
import { inAttemptSpan } from "@/lib/tracing/attempt-span";
import { startTracing } from "@/lib/tracing/start-tracing";
import { createAttemptRecorder, RECORDER_CONNECTIONS } from "./attempt-recorder";
import { createCallSlots } from "./call-slots";
import { createClientAgents, loadClientNetwork } from "./client-agents";
import { createHostTraffic } from "./host-traffic";
import { createInFlightTracker } from "./in-flight-tracker";
import { lowerPriority } from "./lower-priority";
import { startHeartbeat } from "./heartbeat";
import { startMetricsServer } from "./metrics-server";
import { workerReadiness } from "./readiness";
import { createAlertProcessor } from "./processors/alert";
import { createBulkProcessor } from "./processors/bulk-action";
import { createDeliveryProcessor } from "./processors/delivery";
import { endExpired } from "./expiry";
import { alertQueueConfig } from "./queues/alert";
import { bulkQueueConfig } from "./queues/bulk";
import { deliveryQueueConfig } from "./queues/delivery";
import { startQueues } from "./start-queues";
import { startSweeper } from "./sweeper";
import { startRetention } from "./retention";
import { startSelfAlertChecker } from "./self-alerts/checker";
import { createDeferrer } from "./deferrer";
import { createFairLedger } from "./fair-ledger";
import { createTaskLoader } from "./task-loader";
import { createSigningKeys } from "./signing-keys";

async function main() {
  lowerPriority(env.worker.nice);
  const tracing = await startTracing("bida-worker");
  const ctx = createAppContext();
  const recorder = createDb({ poolSize: RECORDER_CONNECTIONS, multipleStatements: true });
  const agent = createOutboundAgent();
  const clientAgents = createClientAgents({ shared: agent, load: loadClientNetwork(ctx.db), max: env.delivery.outboundClientAgents });
  const inFlight = createInFlightTracker(ctx.redis);
  const metrics = createWorkerMetrics();
  let queues: ReturnType<typeof startQueues> = [];
  let stopping = false;
  const metricsServer = startMetricsServer(metrics.registry, env.worker.metricsPort, env.worker.metricsHost, workerReadiness(ctx, () => queues, () => stopping));
  const callSlots = createCallSlots(env.worker.concurrency);
  const hosts = createHostTraffic({ redis: ctx.redis, db: ctx.db, queue: ctx.deliveryQueue, metrics });
  const fair = createFairLedger(ctx.redis);
  const signingKeys = createSigningKeys(ctx.db, env.secrets.signingCacheMs);

  // No ioredis auto-pipelining on any queue connection (createRedis leaves it off): ioredis builds a Pipeline per
  // tick and copies every BullMQ script onto it, which at a steady 500 tasks/s cost more than the writes it saved:
  // worker CPU per task 1.12 -> 0.92 ms, first-attempt p99 157 -> 52 ms; backlog throughput unchanged (bench).
  // Operators' pauses and caps before the first call: Redis may have lost them (the sweeper keeps them in step after).
  await syncHostSettings(ctx.db, ctx.redis).catch((err: Error) => logger.warn({ err }, "host settings not loaded yet; the sweeper retries"));
  queues = startQueues([
    {
      config: deliveryQueueConfig,
      processor: createDeliveryProcessor({
        loadTask: createTaskLoader(ctx.pool),
        attempt: async (task, n) => {
          const dispatcher = await clientAgents.forClient(task.clientId).catch((err: Error) => err);
          // Settings that cannot be read or opened fail this attempt like any call error; it is retried on schedule.
          // A database error's text may carry SQL: only the secret box's own (key) errors are shown as they are.
          if (dispatcher instanceof Error) {
            const why = dispatcher instanceof SecretBoxError ? dispatcher.message : "they could not be read";
            return failedBeforeCall(`cannot use the client's outbound settings: ${why}`, "request");
          }
          const signing = await signingKeys(task.clientId);
          return inAttemptSpan(task, n, () => makeAttempt(dispatcher, task, n, { signingKeys: signing.keys, signingError: signing.error }));
        },
        record: createAttemptRecorder(ctx, recorder.pool, metrics),
        inFlight,
        callSlots,
        aheadOf: (task) => taskAhead(ctx.pool, task),
        quota: createAttemptQuota({ redis: ctx.redis, db: ctx.db }),
        hosts,
        defer: createDeferrer(ctx, recorder.pool, metrics),
        hostWaitMs: env.hosts.waitMs,
        started: fair.started,
        expire: async (task) => (await endExpired(ctx, [task.id])).length > 0,
      }),
    },
    { config: alertQueueConfig, processor: createAlertProcessor({ ctx, agent: getAlertAgent(), queue: alertQueueFor(ctx), metrics }) },
    { config: bulkQueueConfig, processor: createBulkProcessor(ctx) },
  ]);
  const [deliveries, alerts, bulk] = queues;
  const sweeper = startSweeper(ctx, metrics.sweeps);
  const retention = startRetention(ctx);
  const selfAlerts = env.selfAlerts.enabled ? startSelfAlertChecker(ctx) : null;
  const heartbeat = startHeartbeat(ctx.redis, env.worker.heartbeatMs);
  logger.info({ concurrency: env.worker.concurrency, id: heartbeat.id }, "worker started");

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // The web stops reporting this worker at once (not three beats later); /readyz already says draining.
    await heartbeat.stop();
    logger.info({ signal }, "worker stopping: no new jobs, finishing calls in flight");
    const deadline = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), env.worker.shutdownGraceMs).unref());
    const deliveriesClosed = deliveries!.close();
    // Jobs still waiting for a call slot go back to the queue now; only calls already started are finished.
    callSlots.close();
    // Alerts close after deliveries: the last recorded attempts may still queue alerts.
    const closed = Promise.all([deliveriesClosed.then(() => alerts!.close()), bulk!.close(), sweeper.stop(), retention.stop(), selfAlerts?.stop()]);
    const drained = await Promise.race([closed.then(() => "drained" as const), deadline]);
    if (drained === "timeout") logger.warn("shutdown grace ran out; unfinished jobs will be retried by another worker");
    await Promise.all([inFlight.flush(), fair.flush()]);
    hosts.close();
    await Promise.allSettled([closeAlertQueue(ctx), closeAppContext(ctx), recorder.pool.end(), agent.close(), clientAgents.close(), metricsServer.close()]);
    await tracing?.shutdown();
    logger.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err) => {
  logger.fatal({ err }, "worker failed to start");
  process.exit(1);
});
