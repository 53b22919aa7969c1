import type { Redis } from "ioredis";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClients, type ClientQuotas } from "@/lib/db/schema/api-clients";
import { createRedis } from "@/lib/redis";
import { admitSubmits } from "@/lib/quotas/admit-submits";
import { openTasksKey, reconcileOpenTasks } from "@/lib/quotas/open-tasks";
import { ApiError } from "@/lib/errors";
import { BidaClient, BidaError } from "@/lib/sdk";
import { baseUrl, newClient, request, type Json, type TestClient } from "./support/api";
import { attemptRows, taskRow, testDb } from "./support/db";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWeb, startWorker, waitFor, type Proc } from "./support/processes";
import { waitForFinal } from "./support/wait";
import { freePort } from "./support/free-port";

let receiver: Receiver;
let worker: Proc;
const redis = createRedis("command");

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startWorker();
  // Connected before any test asks: the quotas do not even ask a Redis that is still connecting.
  await redis.ping();
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  redis.disconnect();
});

/** A new client with its own quotas, stored before its first request (the web caches a client for 10 s). */
async function clientWith(quotas: ClientQuotas): Promise<TestClient> {
  const c = await newClient("quotas");
  await testDb.db.update(apiClients).set({ quotas }).where(eq(apiClients.id, c.id));
  return c;
}

const inOneYear = () => new Date(Date.now() + 365 * 24 * 3600_000).toISOString();
const later = (path: string) => ({ url: receiver.url(path), runAt: inOneYear() });
const submit = (c: TestClient, body: unknown) => c.call("/api/v1/tasks", { method: "POST", json: body });
const batch = (c: TestClient, tasks: unknown[]) => c.call("/api/v1/tasks/batch", { method: "POST", json: { tasks } });
const addTask = (c: TestClient, url: string) =>
  request("/api/addTask", {
    method: "POST",
    headers: { username: c.username, password: c.password, "content-type": "application/json" },
    body: JSON.stringify({ url, requestMethod: "POST", requestParam: { a: 1 }, limitCallCount: 1 }),
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("submits per second: a token bucket per client", () => {
  it("refuses with 429 and Retry-After on both protocols while another client is unaffected, then refills", async () => {
    const limited = await clientWith({ submitsPerSecond: 1, submitBurst: 2 });
    const other = await newClient("quotas-other");
    // A batch may take the whole bucket and leave it in debt: 8 tasks at 1/s keep the client refused for ~7 s.
    const first = await batch(limited, Array.from({ length: 8 }, (_, i) => later(`/bucket/${i}`)));
    expect(first.status).toBe(200);
    expect(first.body.results.every((r: { id?: string }) => typeof r.id === "string")).toBe(true);

    const native = await submit(limited, later("/bucket/over"));
    expect(native.status).toBe(429);
    expect(native.body).toEqual({ error: { code: "rate_limited", message: expect.stringMatching(/1 tasks per second/), details: [] } });
    const retryAfter = Number(native.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);

    const kkbida = await addTask(limited, receiver.url("/bucket/kkbida"));
    expect(kkbida.status).toBe(429);
    expect(kkbida.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(kkbida.text).toMatch(/tasks per second/);
    expect(Number(kkbida.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    // The SDK hands the wait over, and calls the refusal retryable.
    const sdkErr = await new BidaClient({ baseUrl: baseUrl(), apiKey: limited.apiKey }).call(later("/bucket/sdk")).catch((err: unknown) => err);
    expect(sdkErr).toBeInstanceOf(BidaError);
    expect(sdkErr).toMatchObject({ status: 429, code: "rate_limited", retryable: true });
    expect((sdkErr as BidaError).retryAfterS).toBeGreaterThanOrEqual(1);

    // Meanwhile another client's submits all pass.
    const others = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(other, later(`/bucket/other/${i}`))));
    expect(others.map((r) => r.status)).toEqual(Array(10).fill(201));

    // Retry-After is a promise the bucket keeps: after it, the next submit passes.
    const again = Number((await submit(limited, later("/bucket/over-2"))).headers.get("retry-after"));
    await sleep(again * 1000);
    expect((await submit(limited, later("/bucket/refilled"))).status).toBe(201);
  });
});

describe("submits decided together", () => {
  it("submits of the same turn share one script, each decided in order on its own client's bucket and counter", async () => {
    const [a, b] = await Promise.all([newClient("quotas-turn"), newClient("quotas-turn")]);
    const tight = { id: a.id, quotas: { submitsPerSecond: 1, submitBurst: 5, openTasks: 100 } };
    const roomy = { id: b.id, quotas: { openTasks: 3 } };
    // All asked before any answer: one script, one clock reading, so the split is exact however slow the machine.
    const outcomes = await Promise.all([
      ...Array.from({ length: 10 }, () => admitSubmits({ redis }, tight, 1)),
      ...Array.from({ length: 5 }, () => admitSubmits({ redis }, roomy, 1)),
    ].map((p) => p.then(() => "admitted", (err: ApiError) => err.code)));
    expect(outcomes.slice(0, 10)).toEqual([...Array(5).fill("admitted"), ...Array(5).fill("rate_limited")]);
    expect(outcomes.slice(10)).toEqual([...Array(3).fill("admitted"), ...Array(2).fill("quota_exceeded")]);
    expect(Number(await redis.hget(openTasksKey(), String(a.id)))).toBe(5);
    expect(Number(await redis.hget(openTasksKey(), String(b.id)))).toBe(3);
  });
});

describe("leases: a busy client's submits spend tokens this process already holds", () => {
  it("never admits past the bucket or the cap, holds the lease's slots only briefly, and gives unspent tokens back", async () => {
    const c = await newClient("quotas-lease");
    // A tenth of the burst (10) and of the cap (100): leases of up to 10 tokens.
    const quotas = { id: c.id, quotas: { submitsPerSecond: 1, submitBurst: 100, openTasks: 1000 } };
    const open = async () => Number(await redis.hget(openTasksKey(), String(c.id)));
    const admitted = async (n: number) => {
      let ok = 0;
      for (let i = 0; i < n; i++) ok += await admitSubmits({ redis }, quotas, 1).then(() => 1, (err: ApiError) => (err.code === "rate_limited" ? 0 : Promise.reject(err)));
      return ok;
    };
    // Scripts sent on this connection (ioredis's own entry point, counted, not changed).
    let scripts = 0;
    const plain = redis as Redis;
    const send = plain.sendCommand.bind(plain);
    plain.sendCommand = (command, stream) => {
      if (/^eval/i.test(command.name)) scripts++;
      return send(command, stream);
    };
    const started = Date.now();
    try {
      expect(await admitted(20)).toBe(20);
      // The submits after the first came with demand: they were decided a lease at a time, not one script each.
      expect(scripts).toBeLessThan(12);
      // The lease's slots counted as open while held; its unspent part uncounted once it lapses.
      await waitFor(async () => (await open()) === 20, 5_000);
      // Its unspent tokens went back to the bucket: the rest of the burst is admitted, and no more than the bucket
      // refilled meanwhile (one token a second).
      const rest = await admitted(100);
      expect(rest).toBeGreaterThanOrEqual(80);
      expect(rest).toBeLessThanOrEqual(80 + Math.ceil((Date.now() - started) / 1000));
      await waitFor(async () => (await open()) === 20 + rest, 5_000);
    } finally {
      plain.sendCommand = send;
    }
  });
});

describe("open tasks: a cap on a client's tasks not yet final", () => {
  it("refuses a submit that would exceed it with 429 quota_exceeded, counts finals and retries, and the sweeper's recount repairs drift", async () => {
    const c = await clientWith({ openTasks: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await submit(c, later(`/open/${i}`));
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const over = await submit(c, later("/open/over"));
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe("quota_exceeded");
    expect(over.body.error.message).toMatch(/3 tasks not yet final/);
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await batch(c, [later("/open/b1")])).status).toBe(429);
    expect((await addTask(c, receiver.url("/open/kkbida"))).status).toBe(429);
    // A refused submit created nothing.
    expect((await c.call("/api/v1/tasks?limit=100")).body.items).toHaveLength(3);

    // A cancelled task is final: room for one more.
    expect((await c.call(`/api/v1/tasks/${ids[0]}/cancel`, { method: "POST", json: {} })).status).toBe(200);
    const fourth = await submit(c, later("/open/after-cancel"));
    expect(fourth.status).toBe(201);
    expect((await submit(c, later("/open/over-again"))).status).toBe(429);
    // Retrying the cancelled task makes it open again, over the cap (a retry is not refused); its call fails, so it
    // stays open (retrying) for the rest of the test.
    receiver.on("/open/0", (_req, res) => {
      res.statusCode = 500;
      res.end("no");
    });
    expect((await c.call(`/api/v1/tasks/${ids[0]}/retry`, { method: "POST", json: {} })).status).toBe(200);
    expect(Number(await redis.hget(openTasksKey(), String(c.id)))).toBe(4);

    // A counter that drifted (a lost write) is recounted from MySQL.
    await redis.hset(openTasksKey(), String(c.id), "1000");
    await reconcileOpenTasks(testDb.pool, redis);
    expect(Number(await redis.hget(openTasksKey(), String(c.id)))).toBe(4);
    await redis.hset(openTasksKey(), String(c.id), "-5");
    await reconcileOpenTasks(testDb.pool, redis);
    expect(Number(await redis.hget(openTasksKey(), String(c.id)))).toBe(4);
  });

  it("tasks that finish by delivery stop counting", async () => {
    const c = await clientWith({ openTasks: 2 });
    const a = await submit(c, { url: receiver.url("/open/delivered/1") });
    const b = await submit(c, { url: receiver.url("/open/delivered/2") });
    expect([a.status, b.status]).toEqual([201, 201]);
    await Promise.all([waitForFinal(a.body.id), waitForFinal(b.body.id)]);
    // The worker lowers the counter after its commit; the answer is 201 once it has.
    await waitFor(async () => Number(await redis.hget(openTasksKey(), String(c.id))) === 0, 10_000);
    expect((await submit(c, { url: receiver.url("/open/delivered/3") })).status).toBe(201);
  });
});

describe("attempts per minute across a client's tasks", () => {
  it("defers an attempt over the quota with reason quota and no attempt spent, then delivers every task once", async () => {
    // 12 a minute: one every 5 s, and ten seconds' worth (2) at once.
    const c = await clientWith({ attemptsPerMinute: 12 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await submit(c, { url: receiver.url(`/apm/${c.id}/${i}`) });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    // The API says why it waits; the last one's turn is ~10 s away, so it is still waiting when MySQL is read.
    let shown: Json;
    await waitFor(async () => {
      const answers = await Promise.all(ids.map((id) => c.call(`/api/v1/tasks/${id}`)));
      shown = answers.map((a) => a.body).filter((t) => t.waiting?.reason === "quota").sort((x, y) => Date.parse(y.nextAttemptAt) - Date.parse(x.nextAttemptAt))[0];
      return shown !== undefined;
    }, 20_000);
    expect(shown.attemptCount).toBe(0);
    // Nothing spent, and its next attempt moved to its turn, so the sweeper leaves it alone.
    const row = await taskRow(shown.id);
    expect(row.waitingReason).toBe("quota");
    expect(row.attempts).toBe(0);
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await attemptRows(shown.id)).toHaveLength(0);

    const finals = await Promise.all(ids.map((id) => waitForFinal(id, 45_000)));
    expect(finals.map((t) => t.status)).toEqual(Array(4).fill("succeeded"));
    for (const id of ids) expect((await attemptRows(id)).map((a) => a.n)).toEqual([1]);
    const arrivals = receiver.requests().filter((r) => r.path.startsWith(`/apm/${c.id}/`)).map((r) => r.at).sort((x, y) => x - y);
    expect(arrivals).toHaveLength(4);
    // Two at once, then one per 5 s: the last comes at least two intervals after the first (less a second of slack).
    expect(arrivals[3]! - arrivals[0]!).toBeGreaterThanOrEqual(9_000);
  }, 60_000);
});

describe("bytes per batch", () => {
  it("a batch body over the client's limit is 413 in the error shape, before it is parsed", async () => {
    const c = await clientWith({ batchBytes: 2_000 });
    const big = await batch(c, Array.from({ length: 20 }, (_, i) => later(`/bytes/${i}/${"x".repeat(80)}`)));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
    expect(big.body.error.message).toMatch(/2000 bytes/);
    // Not JSON at all, yet 413: the size is checked first.
    const junk = await c.call("/api/v1/tasks/batch", { method: "POST", headers: { "content-type": "application/json" }, body: "{".repeat(3_000) });
    expect(junk.status).toBe(413);
    const small = await batch(c, [later("/bytes/small")]);
    expect(small.status).toBe(200);
    // Another client's limit is the default.
    const other = await newClient("quotas-bytes");
    expect((await batch(other, Array.from({ length: 20 }, (_, i) => later(`/bytes/other/${i}/${"x".repeat(80)}`)))).status).toBe(200);
  });
});

describe("with Redis unreachable the quotas fail open", () => {
  it("submits keep working past every quota, and the log says so once", async () => {
    const c = await clientWith({ submitsPerSecond: 1, submitBurst: 1, openTasks: 1 });
    const port = await freePort();
    const web = await startWeb(port, { REDIS_URL: "redis://127.0.0.1:1" }, { healthy: false });
    try {
      const send = () =>
        fetch(`http://127.0.0.1:${port}/api/v1/tasks`, {
          method: "POST",
          headers: { authorization: `Bearer ${c.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify(later("/fail-open")),
        }).then((r) => r.status);
      expect(await Promise.all(Array.from({ length: 5 }, send))).toEqual(Array(5).fill(201));
      expect(await Promise.all(Array.from({ length: 5 }, send))).toEqual(Array(5).fill(201));
      const said = web.output().match(/quotas are not enforced while Redis is unreachable/g) ?? [];
      expect(said).toHaveLength(1);
    } finally {
      await web.stop();
    }
  });
});
