import { inArray } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { tasks, type Task } from "@/lib/db/schema/tasks";
import { applyAction } from "@/lib/tasks/apply-action";
import { getTaskWithAttempts } from "@/lib/tasks/get-task";
import { withLiveStatus } from "@/lib/tasks/live-status";
import { serializeTask } from "@/lib/tasks/serialize";
import { newClient, type TestClient } from "./support/api";
import { testDb } from "./support/db";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { startReceiver, type ReceivedRequest, type Receiver } from "./support/receiver";
import { testEnv } from "./support/test-env";

let receiver: Receiver;
let client: TestClient;
let ctx: AppContext;
const workers: Proc[] = [];

// Short lock, sweep and wait periods, so a killed worker's calls and a lost Redis are repaired in seconds.
const fastWorker = { WORKER_LOCK_MS: "3000", SWEEP_INTERVAL_MS: "500", SWEEP_GRACE_MS: "1000", HOST_WAIT_MS: "3000" };
const retry = { strategy: "fixed", delayMs: 200, maxDelayMs: 200 };

beforeAll(async () => {
  receiver = await startReceiver();
  client = await newClient("ordering");
  ctx = createAppContext();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  await receiver?.close();
  await closeAppContext(ctx);
});

async function worker(env: Record<string, string> = {}): Promise<Proc> {
  const w = await startWorker(env);
  workers.push(w);
  return w;
}

/** Submits the tasks in one batch; their ids in submit order. */
async function submit(items: Array<Record<string, unknown>>): Promise<string[]> {
  const res = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks: items } });
  expect(res.status).toBe(200);
  return res.body.results.map((r: { id?: string; error?: unknown }) => {
    expect(r.error).toBeUndefined();
    return r.id!;
  });
}

/** n tasks on one key, calling `path` with their index as the body, so the receiver knows which is which. */
const onKey = (key: string, path: string, n: number, over: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ url: receiver.url(path), params: { i }, orderingKey: key, retry, maxAttempts: 5, timeoutMs: 10_000, ...over }));

const indexOf = (r: ReceivedRequest) => (JSON.parse(r.body) as { i: number }).i;
const taskIdOf = (r: ReceivedRequest) => String(r.headers["x-bida-task-id"]);

/** The task ids in the order their calls arrived, a task called again right away (a retry, a re-run) counted once. */
function arrivalOrder(path: string): string[] {
  const order: string[] = [];
  for (const r of receiver.requests(path)) if (order.at(-1) !== taskIdOf(r)) order.push(taskIdOf(r));
  return order;
}

async function rows(ids: string[]): Promise<Map<string, Task>> {
  const found = await testDb.db.select().from(tasks).where(inArray(tasks.id, ids));
  return new Map(found.map((t) => [t.id, t]));
}

async function waitAllFinal(ids: string[], timeoutMs: number): Promise<Map<string, Task>> {
  let byId = new Map<string, Task>();
  await waitFor(async () => {
    byId = await rows(ids);
    return [...byId.values()].filter((t) => t.finishedAt !== null).length === ids.length;
  }, timeoutMs, () => `${[...byId.values()].filter((t) => t.finishedAt === null).length} of ${ids.length} not final`);
  return byId;
}

/**
 * The promise of ordering: every call of task k+1 arrives after task k is final, and the tasks' calls arrive in
 * submit order (a task called twice in a row, as after a kill, counts once).
 */
async function expectStrictOrder(path: string, ids: string[]) {
  const byId = await waitAllFinal(ids, 60_000);
  expect(arrivalOrder(path)).toEqual(ids);
  const firstCall = new Map<string, number>();
  for (const r of receiver.requests(path)) if (!firstCall.has(taskIdOf(r))) firstCall.set(taskIdOf(r), r.at);
  for (let k = 1; k < ids.length; k++) {
    const before = byId.get(ids[k - 1]!)!;
    expect(firstCall.get(ids[k]!), `task ${k} called before task ${k - 1} was final`).toBeGreaterThanOrEqual(before.finishedAt!.getTime());
  }
}

/**
 * What GET /api/v1/tasks/:id answers for the task, composed of the same functions as its route handler: read in
 * loops without going through the web server; one call per test checks the route itself.
 */
async function view(id: string) {
  const { task } = await getTaskWithAttempts(ctx.db, { id, clientId: client.id });
  const [live] = await withLiveStatus(ctx.redis, [task]);
  return serializeTask(live!);
}

/** A response the test lets go when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe("ordering keys", () => {
  it("numbers a key's tasks at commit, in submit order, and refuses keys that are empty or too long", async () => {
    const key = `numbers-${Date.now()}`;
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/never"), orderingKey: key, runAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ orderingKey: key, orderingSeq: 1 });
    const ids = await submit(onKey(key, "/never", 3, { runAt: new Date(Date.now() + 3_600_000).toISOString() }));
    const byId = await rows(ids);
    expect(ids.map((id) => byId.get(id)!.orderingSeq)).toEqual([2, 3, 4]);
    // Keys compare byte for byte: another case is another key.
    const other = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/never"), orderingKey: key.toUpperCase(), runAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(other.body.orderingSeq).toBe(1);
    for (const bad of ["", "x".repeat(256)]) {
      const refused = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/never"), orderingKey: bad } });
      expect(refused.status).toBe(422);
      expect(refused.body.error.details[0].path).toBe("orderingKey");
    }
    await applyAction(ctx, { action: "cancel", ids: [res.body.id, ...ids, other.body.id], actor: "user:ordering-test" });
  });

  it("50 tasks on one key, the first failing twice: attempted one at a time in submit order, while other keys and key-less tasks flow", async () => {
    // The default HOST_WAIT_MS (30 s): if a finished task did not wake the next one, 50 tasks would take 25 minutes.
    const w = await worker();
    const key = `fifty-${Date.now()}`;
    const headCall = gate();
    let headCalls = 0;
    receiver.on("/ordered", (req, res) => {
      if (indexOf(req) !== 0) return void res.end("ok");
      headCalls++;
      if (headCalls <= 2) {
        res.statusCode = 503;
        return void res.end("busy");
      }
      // The head's third call, the one that succeeds, is held until the other keys have been seen to flow.
      void headCall.opened.then(() => res.end("ok"));
    });
    const ids = await submit(onKey(key, "/ordered", 50));
    await waitFor(() => headCalls === 3, 20_000, () => w.output());
    expect(receiver.requests("/ordered").map(indexOf)).toEqual([0, 0, 0]);

    // The tasks behind it wait, and say what for: each one behind the task just ahead of it.
    await waitFor(async () => (await view(ids[2]!)).waiting?.reason === "order", 10_000);
    expect((await view(ids[1]!)).waiting).toMatchObject({ reason: "order", behind: ids[0] });
    expect((await view(ids[2]!)).waiting).toMatchObject({ reason: "order", behind: ids[1] });
    expect((await view(ids[0]!)).waiting).toBeNull();
    // The route itself (served from the Next build that npm test makes first).
    const got = await client.call(`/api/v1/tasks/${ids[1]}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ orderingKey: key, orderingSeq: 2, waiting: { reason: "order", behind: ids[0] } });

    // Another key of the same client, and tasks without a key, are not held up by it.
    const others = await submit([...onKey(`${key}-other`, "/other-key", 10), ...Array.from({ length: 10 }, () => ({ url: receiver.url("/no-key"), retry }))]);
    const flowed = await waitAllFinal(others, 20_000);
    expect([...flowed.values()].every((t) => t.status === "succeeded")).toBe(true);
    expect(arrivalOrder("/other-key")).toEqual(others.slice(0, 10));
    expect((await rows([ids[0]!])).get(ids[0]!)!.finishedAt).toBeNull();
    expect(receiver.requests("/ordered").map(indexOf)).toEqual([0, 0, 0]);

    headCall.open();
    await expectStrictOrder("/ordered", ids);
    const byId = await rows(ids);
    expect(byId.get(ids[0]!)!.attempts).toBe(3);
    expect(ids.slice(1).every((id) => byId.get(id)!.attempts === 1 && byId.get(id)!.status === "succeeded")).toBe(true);
    // The attempt that was finally made cleared the wait.
    expect((await view(ids[1]!)).waiting).toBeNull();
    await w.stop();
  }, 120_000);

  it("order holds across a worker killed with kill -9 in the middle of the key's queue", async () => {
    receiver.on("/kill", (_req, res) => setTimeout(() => res.end("ok"), 100));
    const key = `kill-${Date.now()}`;
    const first = await worker(fastWorker);
    const ids = await submit(onKey(key, "/kill", 30));
    await waitFor(() => receiver.requests("/kill").length >= 8, 30_000, () => first.output());
    await first.stop("SIGKILL");
    const killedAt = receiver.requests("/kill").length;
    expect(killedAt).toBeLessThan(30);
    const second = await worker(fastWorker);
    await expectStrictOrder("/kill", ids);
    await second.stop();
  }, 120_000);

  it("order holds across an emptied Redis: the sweeper re-queues the tasks, and those not at the head wait again", async () => {
    const key = `flush-${Date.now()}`;
    const held = gate();
    let calls = 0;
    // The head's first call never answers before Redis is emptied; every call after that answers at once.
    receiver.on("/flush", (req, res) => {
      calls++;
      if (calls === 1) return void held.opened.then(() => res.end("late"));
      res.end("ok");
    });
    const first = await worker(fastWorker);
    const ids = await submit(onKey(key, "/flush", 20));
    await waitFor(async () => {
      const byId = await rows(ids);
      return calls === 1 && ids.slice(1).every((id) => byId.get(id)!.waitingReason === "order");
    }, 20_000, () => first.output());
    await first.stop("SIGKILL");
    const redis = new Redis(testEnv.REDIS_URL!);
    // The whole Redis database of this test run: delayed jobs, queues, locks.
    await redis.flushdb();
    await redis.quit();
    held.open();
    const second = await worker({ ...fastWorker, SWEEP_INTERVAL_MS: "500", SWEEP_GRACE_MS: "1000" });
    await expectStrictOrder("/flush", ids);
    expect(second.output()).toMatch(/sweeper queued or made due overdue tasks/);
    await second.stop();
  }, 120_000);

  it("a task retried by hand joins its key's tail, behind the tasks submitted after it", async () => {
    const key = `retry-${Date.now()}`;
    const held = gate();
    receiver.on("/retry", (req, res) => {
      const i = indexOf(req);
      // A fails on its first life; B is held, so C waits behind it.
      if (i === 0 && receiver.requests("/retry").filter((r) => indexOf(r) === 0).length === 1) {
        res.statusCode = 500;
        return void res.end("no");
      }
      if (i === 1) return void held.opened.then(() => res.end("ok"));
      res.end("ok");
    });
    const w = await worker(fastWorker);
    const [a, b, c] = await submit(onKey(key, "/retry", 3, { maxAttempts: 1 }));
    // C names B as the task ahead of it as soon as both wait, A's failure recorded or not: wait for both.
    await waitFor(async () => (await rows([a!])).get(a!)!.status === "failed" && (await view(c!)).waiting?.behind === b, 20_000);

    // A failed head did not block its key (B was called); retried now, A goes to the tail, behind C.
    const { changed } = await applyAction(ctx, { action: "retry", ids: [a!], actor: "user:ordering-test", clientId: client.id });
    expect(changed).toHaveLength(1);
    const after = await rows([a!, c!]);
    expect(after.get(a!)!.orderingSeq).toBeGreaterThan(after.get(c!)!.orderingSeq!);
    await waitFor(async () => (await view(a!)).waiting?.behind === c, 20_000);
    expect((await client.call(`/api/v1/tasks/${a}`)).body.waiting).toMatchObject({ reason: "order", behind: c });
    expect(receiver.requests("/retry").map(indexOf)).toEqual([0, 1]);

    held.open();
    await waitAllFinal([a!, b!, c!], 30_000);
    expect(arrivalOrder("/retry")).toEqual([a, b, c, a]);
    expect((await rows([a!])).get(a!)!.status).toBe("succeeded");
    await w.stop();
  }, 90_000);
});
