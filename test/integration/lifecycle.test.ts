import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import type http from "node:http";
import { and, desc, eq, inArray } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "@/lib/context";
import { createDb } from "@/lib/db/client";
import { auditLog } from "@/lib/db/schema/audit-log";
import { tasks, type Task } from "@/lib/db/schema/tasks";
import { createDeliveryQueue } from "@/lib/queue/delivery-queue";
import { actOnTask } from "@/lib/tasks/act-on-task";
import { applyAction } from "@/lib/tasks/apply-action";
import { insertTasks } from "@/lib/tasks/insert-tasks";
import type { TaskAction } from "@/lib/tasks/lifecycle/actions";
import { buildTaskRow, submitTask } from "@/lib/tasks/submit-tasks";
import { taskInputSchema } from "@/lib/tasks/task-input";
import { getOverviewCounters } from "@/lib/console/overview-counters";
import { runningIds } from "@/lib/tasks/in-flight";
import { newClient, request, type TestClient } from "./support/api";
import { attemptRows, taskRow, testDb } from "./support/db";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { startReceiver, type Receiver } from "./support/receiver";
import { testEnv } from "./support/test-env";
import { waitForFinal } from "./support/wait";

let receiver: Receiver;
let client: TestClient;
let worker: Proc;
let ctx: AppContext;

/** The web's view of the world, as route handlers get it: the suite's MariaDB and Redis. */
function contextFor(redisUrl: string): AppContext {
  const { db, pool } = createDb({ poolSize: 4 });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 1_000 });
  redis.on("error", () => undefined);
  const queueRedis = new Redis(redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 1_000 });
  queueRedis.on("error", () => undefined);
  const deliveryQueue = createDeliveryQueue(queueRedis);
  deliveryQueue.on("error", () => undefined);
  return { db, pool, redis, deliveryQueue };
}
async function closeContext(c: AppContext) {
  await Promise.allSettled([c.deliveryQueue.close(), c.redis.quit(), c.pool.end()]);
}

const actor = "user:lifecycle-test";
const inOneYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

beforeAll(async () => {
  receiver = await startReceiver();
  client = await newClient("lifecycle");
  worker = await startWorker();
  ctx = contextFor(testEnv.REDIS_URL!);
});
afterAll(async () => {
  await worker?.stop();
  await closeContext(ctx);
  await receiver?.close();
});

describe("cancel, then retry", () => {
  it("a task due in a year, cancelled and retried, is delivered now", async () => {
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/far"), runAt: inOneYear() } });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect((await client.call(`/api/v1/tasks/${id}/cancel`, { method: "POST" })).body.status).toBe("cancelled");
    const retried = await client.call(`/api/v1/tasks/${id}/retry`, { method: "POST" });
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe("queued");
    // Before generations, the retry's job had the id of the cancelled one still delayed for a year, and waited behind it.
    expect((await waitForFinal(id, 20_000)).status).toBe("succeeded");
    expect(receiver.requests("/far")).toHaveLength(1);
    expect(await taskRow(id)).toMatchObject({ generation: 1, attempts: 1 });
  });

  it("an attempt in flight when the task was cancelled never completes the retry: the corrected URL is called and recorded", async () => {
    const held: http.ServerResponse[] = [];
    receiver.on("/old", (_req, res) => held.push(res));
    receiver.on("/fixed", (_req, res) => held.push(res));
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/old"), maxAttempts: 3 } });
    const id = res.body.id as string;
    await waitFor(() => receiver.requests("/old").length === 1, 10_000);
    const [oldCall] = held.splice(0);

    // Cancelled and retried by an operator with the corrected URL while the first call is still open.
    await actOnTask(ctx, "cancel", { id, actor });
    await actOnTask(ctx, "retry", { id, actor, url: receiver.url("/fixed") });
    await waitFor(() => receiver.requests("/fixed").length === 1, 10_000);
    const [fixedCall] = held.splice(0);

    // The old call answers first: its result must not be taken for the retry's attempt 1.
    oldCall!.end("old answer");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await taskRow(id)).toMatchObject({ status: "queued", attempts: 0, generation: 1 });
    expect(await attemptRows(id)).toHaveLength(0);

    fixedCall!.end("fixed answer");
    const done = await waitForFinal(id, 10_000);
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, url: receiver.url("/fixed") });
    expect(await attemptRows(id)).toMatchObject([{ n: 1, ok: true, responseExcerpt: "fixed answer" }]);
    expect(receiver.requests("/fixed")).toHaveLength(1);
  });

  it("cancel removes the task's delayed job from Redis", async () => {
    const { task } = await submitTask(ctx, { id: client.id, allowedHosts: null }, taskInputSchema.parse({ url: receiver.url("/cancelled"), runAt: inOneYear() }));
    await waitFor(async () => (await ctx.deliveryQueue.getJobState(`${task.id}_1`)) === "delayed", 5_000);
    await actOnTask(ctx, "cancel", { id: task.id, actor });
    expect(await ctx.deliveryQueue.getJobState(`${task.id}_1`)).toBe("unknown");
  });
});

describe("running: an attempt in flight, never stored", () => {
  it("the API, the gauge and the overview show it while the call is open; run-now is refused; it ends with the call", async () => {
    let answer: http.ServerResponse | undefined;
    receiver.on("/slow", (_req, res) => (answer = res));
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/slow") } });
    const id = res.body.id as string;
    await waitFor(async () => (await client.call(`/api/v1/tasks/${id}`)).body.status === "running", 10_000);
    expect((await taskRow(id)).status).toBe("queued");

    const metrics = (await request("/api/metrics")).text;
    expect(metrics).toMatch(/^bida_tasks_open\{status="running"\} [1-9]\d*$/m);
    expect((await getOverviewCounters(ctx)).running.value).toBeGreaterThanOrEqual(1);
    await expect(actOnTask(ctx, "run_now", { id, actor })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("running") });

    answer!.end("ok");
    expect((await waitForFinal(id, 10_000)).status).toBe("succeeded");
    await waitFor(async () => (await runningIds(ctx.redis, [id])).size === 0, 5_000);
    expect((await client.call(`/api/v1/tasks/${id}`)).body.status).toBe("succeeded");
  });
});

describe("run now while Redis is down", () => {
  let redisDir: string;
  let redisProc: ChildProcess | null = null;
  const port = 6390 + (process.pid % 100);
  const url = `redis://127.0.0.1:${port}`;

  const startRedis = async () => {
    // Its own Redis, saved to disk on shutdown so it comes back with the delayed job it held.
    redisProc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", redisDir, "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    await waitFor(async () => (await probe.connect().then(() => probe.ping())) === "PONG", 10_000);
    probe.disconnect();
  };
  const stopRedis = async () => {
    const proc = redisProc!;
    const exited = once(proc, "exit");
    const admin = new Redis(url, { maxRetriesPerRequest: 0 });
    await admin.call("SHUTDOWN", "SAVE").catch(() => undefined);
    admin.disconnect();
    await exited;
    redisProc = null;
  };

  beforeAll(async () => {
    redisDir = mkdtempSync(path.join(tmpdir(), "bida-redis-"));
    await startRedis();
  });
  afterAll(async () => {
    if (redisProc) await stopRedis();
    rmSync(redisDir, { recursive: true, force: true });
  });

  it("answers success, and the task is delivered once Redis is back with its old delayed job", async () => {
    const local = contextFor(url);
    const far = await startWorker({ REDIS_URL: url, SWEEP_INTERVAL_MS: "500", SWEEP_GRACE_MS: "1000" });
    try {
      const { task } = await submitTask(local, { id: client.id, allowedHosts: null }, taskInputSchema.parse({ url: receiver.url("/run-now"), runAt: inOneYear() }));
      await waitFor(async () => (await local.deliveryQueue.getJobState(`${task.id}_1`)) === "delayed", 5_000);

      await stopRedis();
      const started = Date.now();
      const after = await actOnTask(local, "run_now", { id: task.id, actor });
      // Committed and answered although Redis is down; the after-commit step gave up within its bound.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(after.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
      const [audit] = await testDb.db.select().from(auditLog).where(and(eq(auditLog.objectId, task.id), eq(auditLog.action, "task.run_now"))).orderBy(desc(auditLog.id));
      expect(audit).toBeDefined();

      // Back with the job still delayed for a year: only the sweeper, promoting it, gets the task delivered.
      await startRedis();
      expect((await waitForFinal(task.id, 30_000)).status).toBe("succeeded");
      expect(receiver.requests("/run-now")).toHaveLength(1);
    } finally {
      await far.stop();
      await closeContext(local);
    }
  }, 90_000);
});

describe("single and bulk versions of each action leave identical rows", () => {
  // No worker may deliver what these tests queue while the rows are compared.
  beforeAll(async () => {
    await worker.stop();
  });

  // Rows in the state each action applies to, inserted directly: attempts made, a past budget, a note.
  async function seed(count: number, state: Partial<Task>): Promise<string[]> {
    const input = taskInputSchema.parse({ url: receiver.url("/never-called"), maxAttempts: 4, runAt: inOneYear() });
    const rows = Array.from({ length: count }, () => ({ ...buildTaskRow({ id: client.id, allowedHosts: null }, input), ...state }));
    await insertTasks(testDb.pool, rows);
    return rows.map((r) => r.id);
  }
  const states: Record<TaskAction, Partial<Task>> = {
    retry: { status: "failed", attempts: 4, nextAttemptAt: null, finishedAt: new Date(), lastStatusCode: 503, lastError: "HTTP 503" },
    run_now: { status: "retrying", attempts: 2, lastStatusCode: 503 },
    cancel: { status: "queued" },
    resolve: { status: "failed", attempts: 4, nextAttemptAt: null, finishedAt: new Date() },
  };
  const comparable = (t: Task) => ({
    status: t.status,
    attempts: t.attempts,
    maxAttempts: t.maxAttempts,
    budget: t.budget,
    generation: t.generation,
    note: t.note,
    url: t.url,
    finished: t.finishedAt !== null,
    nextAttempt: t.nextAttemptAt === null ? null : t.nextAttemptAt.getTime() <= Date.now() ? "due" : "later",
  });

  it.each(Object.keys(states) as TaskAction[])("%s", async (action) => {
    const note = action === "cancel" || action === "resolve" ? "handled by the test" : undefined;
    const single = await seed(3, states[action]);
    const bulk = await seed(3, states[action]);
    for (const id of single) await actOnTask(ctx, action, { id, actor, note });
    const { changed, skipped } = await applyAction(ctx, { action, ids: bulk, actor, note, bulk: true });
    expect({ changed: changed.length, skipped }).toEqual({ changed: 3, skipped: 0 });

    const rows = await testDb.db.select().from(tasks).where(inArray(tasks.id, [...single, ...bulk]));
    const view = (ids: string[]) => rows.filter((r) => ids.includes(r.id)).map(comparable);
    expect(view(single)).toEqual(view(bulk));
    expect(new Set(view([...single, ...bulk]).map((v) => JSON.stringify(v))).size).toBe(1);
    const audit = await testDb.db.select().from(auditLog).where(and(inArray(auditLog.objectId, [...single, ...bulk]), eq(auditLog.action, `task.${action}`)));
    expect(audit).toHaveLength(6);

    // Nothing of this test may reach a worker: cancel what it queued (its jobs go with it).
    if (action === "retry" || action === "run_now") await applyAction(ctx, { action: "cancel", ids: [...single, ...bulk], actor });
  });

  it("a fresh budget is the task's own, however often it is retried", async () => {
    const [id] = await seed(1, states.retry);
    await actOnTask(ctx, "retry", { id: id!, actor });
    await testDb.db.update(tasks).set({ status: "failed", attempts: 8 }).where(eq(tasks.id, id!));
    await actOnTask(ctx, "retry", { id: id!, actor });
    // Submitted with 4: each retry grants 4 more, never the grown maxAttempts.
    expect(await taskRow(id!)).toMatchObject({ maxAttempts: 12, budget: 4, generation: 2 });
    await actOnTask(ctx, "cancel", { id: id!, actor });
  });

  it("an action not allowed from a task's status is a 409 that names the status; another client's task is a 404", async () => {
    const [id] = await seed(1, states.cancel);
    await expect(actOnTask(ctx, "retry", { id: id!, actor })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("queued") });
    await expect(actOnTask(ctx, "cancel", { id: id!, actor, clientId: client.id + 100_000 })).rejects.toMatchObject({ code: "not_found" });
    await actOnTask(ctx, "cancel", { id: id!, actor });
  });
});
