// The baseline: the straightforward callback worker a competent user would write with the same parts as Bida —
// one BullMQ queue, a worker of the same concurrency, undici with keep-alive, the outcome written to MySQL with
// group commit, the job acknowledged once its outcome is committed. No web, no host gate, no fair share, no
// attempt history, no live status: issue 9 measures Bida's throughput as a ratio of this.
// Runs as its own process (bench/baseline/phase.ts bundles and forks it) and reports commits over IPC.
import { Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import { Agent, request } from "undici";
import { createGroupCommit } from "./group-commit";

export interface BaselineJob {
  id: string;
  url: string;
  /** The JSON body, as submitted. */
  body: string;
  timeoutMs: number;
}
export type BaselineMessage = { type: "ready" } | { type: "committed"; n: number };

const e = process.env;
const concurrency = Number(e.BASELINE_CONCURRENCY ?? 100);
const send = (m: BaselineMessage) => process.send?.(m);

const pool = mysql.createPool({ uri: e.BASELINE_DATABASE_URL, connectionLimit: 8, timezone: "Z", enableKeepAlive: true });
// One pooled, kept-alive connection per concurrent call at most; a connect has the task's deadline too.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: concurrency, connect: { timeout: 10_000 } });
const commit = createGroupCommit(pool, {
  maxWaitMs: Number(e.BASELINE_COMMIT_MAX_WAIT_MS ?? 4),
  maxBatch: Number(e.BASELINE_COMMIT_MAX_BATCH ?? 250),
  maxInFlight: 4,
  onCommitted: (n) => send({ type: "committed", n }),
});

async function deliver(job: Job<BaselineJob>): Promise<void> {
  const { id, url, body, timeoutMs } = job.data;
  const attempt = job.attemptsMade + 1;
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await request(url, {
      method: "POST",
      dispatcher: agent,
      headers: { "content-type": "application/json", "x-task-id": id, "x-attempt": String(attempt) },
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    statusCode = res.statusCode;
    await res.body.dump({ limit: 65_536 });
  } catch (err) {
    error = (err as Error).message.slice(0, 500);
  }
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  const final = ok || attempt >= (job.opts.attempts ?? 1);
  await commit.add({ id, status: ok ? "succeeded" : final ? "failed" : "retrying", attempts: attempt, statusCode, error });
  // BullMQ retries a failed job with the backoff it was queued with.
  if (!ok) throw new Error(error ?? `answered ${statusCode}`);
}

const worker = new Worker<BaselineJob>("deliver", deliver, {
  connection: new Redis(e.BASELINE_REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null }),
  prefix: e.BASELINE_PREFIX ?? "baseline",
  concurrency,
});
worker.on("error", (err) => console.error(`baseline worker: ${err.message}`));

const stop = async () => {
  await worker.close();
  await Promise.allSettled([pool.end(), agent.close()]);
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("disconnect", () => void stop());

await worker.waitUntilReady();
send({ type: "ready" });
