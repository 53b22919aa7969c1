import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { statusCounts, testDb } from "./support/db";
import { testEnv } from "./support/test-env";
import { attempts } from "@/lib/db/schema/attempts";
import { inArray, sql } from "drizzle-orm";

let receiver: Receiver;
let client: TestClient;
const workers: Proc[] = [];

// Short lock and sweep periods so recovery is observable in seconds rather than the production half-minute.
const fastWorker = { WORKER_LOCK_MS: "3000", SWEEP_INTERVAL_MS: "500", SWEEP_GRACE_MS: "2000" };

beforeAll(async () => {
  receiver = await startReceiver();
  client = await newClient("resilience");
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  await receiver?.close();
});

async function submitBatch(count: number, task: Record<string, unknown>): Promise<string[]> {
  const res = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks: Array.from({ length: count }, () => task) } });
  expect(res.status).toBe(200);
  return res.body.results.map((r: { id: string }) => r.id);
}

async function waitAllFinal(ids: string[], timeoutMs: number) {
  let counts: Record<string, number> = {};
  await waitFor(async () => {
    counts = await statusCounts(ids);
    return (counts.succeeded ?? 0) + (counts.failed ?? 0) === ids.length;
  }, timeoutMs, () => JSON.stringify(counts));
  return counts;
}

describe("nothing acknowledged is lost", () => {
  it("kill -9 the worker with 200 tasks in flight; another worker finishes every one, each attempt recorded once", async () => {
    // The target holds each call for 1.5 s, so all 200 are mid-call when the worker dies.
    receiver.on("/slow", (_req, res) => setTimeout(() => res.end("ok"), 1500));
    const first = await startWorker({ ...fastWorker, WORKER_CONCURRENCY: "200" });
    workers.push(first);
    const ids = await submitBatch(200, { url: receiver.url("/slow"), timeoutMs: 5000, maxAttempts: 5, retry: { strategy: "fixed", delayMs: 200 } });
    await waitFor(() => receiver.requests("/slow").length >= 150, 15_000);
    await first.stop("SIGKILL");
    const second = await startWorker(fastWorker);
    workers.push(second);
    const counts = await waitAllFinal(ids, 60_000);
    expect(counts.succeeded).toBe(200);
    // The guard on the attempt number means no attempt is recorded twice.
    const dupes = await testDb.db
      .select({ taskId: attempts.taskId, n: attempts.n, c: sql<number>`count(*)` })
      .from(attempts)
      .where(inArray(attempts.taskId, ids))
      .groupBy(attempts.taskId, attempts.n)
      .having(sql`count(*) > 1`);
    expect(dupes).toEqual([]);
    await second.stop();
  }, 90_000);

  it("FLUSHDB Redis with 200 tasks waiting; the sweeper re-queues and delivers every one", async () => {
    const ids = await submitBatch(200, { url: receiver.url("/after-flush"), runAt: new Date(Date.now() + 1000).toISOString() });
    const redis = new Redis(testEnv.REDIS_URL!);
    // The whole Redis database the suite uses: queues, delayed jobs, locks — everything but MySQL.
    await redis.flushdb();
    await redis.quit();
    const worker = await startWorker(fastWorker);
    workers.push(worker);
    const counts = await waitAllFinal(ids, 60_000);
    expect(counts.succeeded).toBe(200);
    expect(new Set(receiver.requests("/after-flush").map((r) => r.headers["x-bida-task-id"])).size).toBe(200);
    expect(worker.output()).toMatch(/sweeper queued or made due overdue tasks/);
    await worker.stop();
  }, 90_000);

  it("SIGTERM lets calls in flight finish, records them, and exits 0", async () => {
    receiver.on("/drain", (_req, res) => setTimeout(() => res.end("ok"), 1000));
    const worker = await startWorker(fastWorker);
    workers.push(worker);
    const ids = await submitBatch(20, { url: receiver.url("/drain"), maxAttempts: 1 });
    await waitFor(() => receiver.requests("/drain").length >= 20, 10_000);
    const code = await worker.stop("SIGTERM");
    expect(code).toBe(0);
    const counts = await statusCounts(ids);
    expect(counts.succeeded).toBe(20);
  }, 60_000);
});
