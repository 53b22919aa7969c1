import net from "node:net";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempts } from "@/lib/db/schema/attempts";
import { auditLog } from "@/lib/db/schema/audit-log";
import { tasks } from "@/lib/db/schema/tasks";
import { closeAppContext, createAppContext, type AppContext } from "@/lib/context";
import { changeHost } from "@/lib/hosts/host-settings";
import { hostKeys } from "@/lib/hosts/host-gate";
import { Redis } from "ioredis";
import { alertChannels } from "@/lib/db/schema/alert-channels";
import { alerts } from "@/lib/db/schema/alerts";
import { createChannel } from "@/lib/notify/create-channel";
import { messageText, startFakePlatform } from "@/lib/notify/fake-platforms";
import { testEnv } from "./support/test-env";
import { newClient, type TestClient } from "./support/api";
import { statusCounts, testDb } from "./support/db";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { holdCalls, startReceiver, type Receiver } from "./support/receiver";
import { refusingHost } from "./support/refusing-host";

let client: TestClient;
let receiver: Receiver;
let ctx: AppContext;
const workers: Proc[] = [];

beforeAll(async () => {
  client = await newClient("hosts");
  receiver = await startReceiver();
  ctx = createAppContext();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await receiver?.close();
  await closeAppContext(ctx);
});

async function worker(env: Record<string, string>) {
  const w = await startWorker(env);
  workers.push(w);
  return w;
}

async function submit(count: number, task: Record<string, unknown>): Promise<string[]> {
  const res = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks: Array.from({ length: count }, () => task) } });
  expect(res.status).toBe(200);
  return res.body.results.map((r: { id: string }) => r.id);
}

async function attemptCount(ids: string[]): Promise<number> {
  const [row] = await testDb.db.select({ n: sql<number>`count(*)` }).from(attempts).where(inArray(attempts.taskId, ids));
  return Number(row!.n);
}

/** A host that accepts connections and never answers; counts the connections it holds at once. */
async function deadHost() {
  const sockets = new Set<net.Socket>();
  let most = 0;
  const server = net.createServer((s) => {
    sockets.add(s);
    most = Math.max(most, sockets.size);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    most: () => most,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

/** A host that holds every call open until `answer()`, then answers 200; counts the calls it holds at once. */
async function switchableHost() {
  const held = new Set<http.ServerResponse>();
  let answering = false;
  let most = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    if (answering) return void res.end("ok");
    held.add(res);
    most = Math.max(most, held.size);
    res.on("close", () => held.delete(res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    key: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/hook`,
    open: () => held.size,
    most: () => most,
    answer: () => {
      answering = true;
      for (const res of held) res.end("ok");
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describe("per-host cap", () => {
  it("a host that never answers holds at most its cap of call slots: the healthy host's tasks are all delivered before its first call even times out", async () => {
    const dead = await deadHost();
    const w = await worker({ WORKER_CONCURRENCY: "8", HOST_MAX_IN_FLIGHT: "4", HOST_WAIT_MS: "2000" });
    try {
      const stuck = await submit(30, { url: dead.url, timeoutMs: 8_000, maxAttempts: 1 });
      await waitFor(() => dead.most() >= 4, 10_000);
      const healthy = await submit(30, { url: receiver.url("/beside-dead") });
      await waitFor(async () => (await statusCounts(healthy)).succeeded === 30, 20_000);
      // Without the cap, the dead host's calls take all 8 slots until they time out, 8 s after they started.
      expect(await attemptCount(stuck)).toBe(0);
      expect(dead.most()).toBeLessThanOrEqual(4);
      const [waiting] = await testDb.db.select({ n: sql<number>`count(*)` }).from(tasks).where(and(inArray(tasks.id, stuck), eq(tasks.waitingReason, "cap")));
      expect(Number(waiting!.n)).toBeGreaterThan(0);
    } finally {
      await w.stop("SIGKILL");
      await dead.close();
    }
  }, 60_000);

  it("holds across two worker processes", async () => {
    const calls = holdCalls(receiver, "/capped", 200);
    const env = { WORKER_CONCURRENCY: "20", HOST_MAX_IN_FLIGHT: "3", HOST_WAIT_MS: "1000" };
    const [a, b] = await Promise.all([worker(env), worker(env)]);
    try {
      const ids = await submit(30, { url: receiver.url("/capped") });
      await waitFor(async () => (await statusCounts(ids)).succeeded === 30, 40_000);
      expect(calls.most()).toBeLessThanOrEqual(3);
      expect(calls.most()).toBeGreaterThan(1);
      // Waiting at the gate spent nothing: one attempt each.
      expect(await attemptCount(ids)).toBe(30);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);

  it("a killed worker's slots come back within its lock time: another worker then delivers to the same host", async () => {
    const host = await switchableHost();
    const env = { HOST_MAX_IN_FLIGHT: "2", HOST_WAIT_MS: "500", WORKER_LOCK_MS: "3000" };
    const a = await worker(env);
    const ids = await submit(6, { url: host.url, timeoutMs: 60_000, maxAttempts: 3 });
    try {
      await waitFor(() => host.open() === 2, 15_000);
      const redis = new Redis(testEnv.REDIS_URL!);
      try {
        const slots = hostKeys(host.key).slots;
        expect(await redis.zcard(slots)).toBe(2);
        await a.stop("SIGKILL");
        host.answer();
        // The dead worker's two slot tokens are no longer renewed; without their lapse the cap stays full forever.
        const b = await worker(env);
        await waitFor(async () => (await statusCounts(ids)).succeeded === 6, 45_000);
        await b.stop();
        expect(await redis.zcount(slots, `(${Date.now()}`, "+inf")).toBe(0);
      } finally {
        redis.disconnect();
      }
      // The two calls cut off by the kill were never recorded; each task has exactly one recorded attempt.
      expect(await attemptCount(ids)).toBe(6);
      expect(host.most()).toBeLessThanOrEqual(2);
    } finally {
      await host.close();
    }
  }, 90_000);
});

describe("circuit breaker", () => {
  it("opens after failures across tasks, spends no attempts while open, probes, and closes when the host is back", async () => {
    const host = await refusingHost();
    const w = await worker({ BREAKER_FAILURES: "5", BREAKER_MIN_TASKS: "2", BREAKER_PROBE_MS: "1000", BREAKER_PROBE_MAX_MS: "2000", HOST_WAIT_MS: "1000" });
    try {
      const ids = await submit(20, { url: host.url, maxAttempts: 20, retry: { strategy: "fixed", delayMs: 200, maxDelayMs: 200 } });
      const opened = () => testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "host.circuit_opened"), eq(auditLog.objectId, host.origin)));
      await waitFor(async () => (await opened()).length > 0, 20_000);
      // Calls that had passed the gate before it opened are still being recorded for a moment.
      await new Promise((r) => setTimeout(r, 500));
      const before = await attemptCount(ids);
      await new Promise((r) => setTimeout(r, 3_000));
      // Without the breaker, 20 tasks retrying every 200 ms make ~300 attempts in 3 s; with it, only trial calls.
      expect((await attemptCount(ids)) - before).toBeLessThanOrEqual(4);
      expect((await statusCounts(ids)).failed ?? 0).toBe(0);

      await host.open();
      await waitFor(async () => (await statusCounts(ids)).succeeded === 20, 30_000);
      const closed = await testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "host.circuit_closed"), eq(auditLog.objectId, host.origin)));
      expect(closed.length).toBeGreaterThan(0);
      const rows = await testDb.db.select({ attempts: tasks.attempts, waitingReason: tasks.waitingReason }).from(tasks).where(inArray(tasks.id, ids));
      expect(rows.every((r) => r.attempts < 20 && r.waitingReason === null)).toBe(true);
    } finally {
      await w.stop();
      await host.close();
    }
  }, 90_000);
});

describe("a trial call longer than the lock time", () => {
  it("stays the only call to a half-open host while it runs, and its success closes the circuit", async () => {
    const host = await refusingHost();
    const w = await worker({ BREAKER_FAILURES: "3", BREAKER_MIN_TASKS: "2", BREAKER_PROBE_MS: "500", BREAKER_PROBE_MAX_MS: "500", HOST_WAIT_MS: "300", WORKER_LOCK_MS: "2000" });
    try {
      const ids = await submit(10, { url: host.url, timeoutMs: 10_000, maxAttempts: 30, retry: { strategy: "fixed", delayMs: 100, maxDelayMs: 100 } });
      await waitFor(async () => (await testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "host.circuit_opened"), eq(auditLog.objectId, host.origin)))).length > 0, 20_000);
      // The host comes back slow: the trial call takes twice the lock time. Its slot and trial token must be
      // renewed, or a second trial (and then every waiter) would start while the first is still open.
      const slow = await host.openSlow(4_000);
      await waitFor(async () => (await statusCounts(ids)).succeeded === 10, 60_000);
      expect(slow.mostBeforeFirstAnswer()).toBe(1);
      const closed = await testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "host.circuit_closed"), eq(auditLog.objectId, host.origin)));
      expect(closed.length).toBeGreaterThan(0);
    } finally {
      await w.stop();
      await host.close();
    }
  }, 120_000);
});

describe("operator control of a host", () => {
  it("a paused host gets no call, across a worker restart and an emptied Redis, and its tasks are delivered on resume", async () => {
    const own = await startReceiver();
    const host = new URL(own.url("/")).origin.replace(/^http:\/\/127\.0\.0\.1:(\d+)$/, "http://127.0.0.1:$1");
    try {
      await changeHost(ctx, host, { action: "pause" }, "user:host-test");
      const first = await worker({ HOST_WAIT_MS: "500", SWEEP_INTERVAL_MS: "500" });
      const ids = await submit(5, { url: own.url("/paused"), maxAttempts: 2 });
      await waitFor(async () => {
        const rows = await testDb.db.select({ r: tasks.waitingReason }).from(tasks).where(inArray(tasks.id, ids));
        return rows.every((r) => r.r === "paused");
      }, 10_000);
      await first.stop();

      // Redis forgets the pause; MySQL does not: the next worker loads it before its first call.
      const redis = new Redis(testEnv.REDIS_URL!);
      await redis.del(hostKeys(host).settings);
      await redis.quit();
      const second = await worker({ HOST_WAIT_MS: "500", SWEEP_INTERVAL_MS: "500" });
      await new Promise((r) => setTimeout(r, 2_000));
      expect(own.requests("/paused")).toHaveLength(0);
      expect(await attemptCount(ids)).toBe(0);

      await changeHost(ctx, host, { action: "resume" }, "user:host-test");
      await waitFor(async () => (await statusCounts(ids)).succeeded === 5, 15_000);
      expect(own.requests("/paused")).toHaveLength(5);
      const audit = await testDb.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.objectId, host));
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["host.pause", "host.resume"]));
      await second.stop();
    } finally {
      await own.close();
    }
  }, 60_000);

  it("a host's own cap holds over the default", async () => {
    const own = await startReceiver();
    const host = new URL(own.url("/")).origin;
    const calls = holdCalls(own, "/own-cap", 150);
    try {
      await changeHost(ctx, host, { action: "cap", maxInFlight: 2 }, "user:host-test");
      const w = await worker({ WORKER_CONCURRENCY: "20", HOST_MAX_IN_FLIGHT: "50", HOST_WAIT_MS: "500" });
      const ids = await submit(20, { url: own.url("/own-cap") });
      await waitFor(async () => (await statusCounts(ids)).succeeded === 20, 30_000);
      expect(calls.most()).toBeLessThanOrEqual(2);
      await w.stop();
    } finally {
      await changeHost(ctx, host, { action: "cap", maxInFlight: null }, "user:host-test");
      await own.close();
    }
  }, 60_000);
});

describe("a host that never comes back", () => {
  it("fails its tasks once they have waited on the open circuit longer than the configured maximum, with the reason", { timeout: 90_000 }, async () => {
    const host = await refusingHost();
    // The give-up alerts like an exhausted task; the channel listens to this test's source app only.
    const sourceApp = `gave-up-${process.pid}-${Date.now()}`;
    const platform = await startFakePlatform("webhook");
    const channel = await createChannel(testDb.db, {
      name: sourceApp, kind: "webhook", url: platform.url, format: "text", events: ["task.exhausted"], failingAfter: 3, enabled: true,
      filters: { sourceApps: [sourceApp], targetApps: [], targetHosts: [] }, actor: "system",
    });
    // A short lock time: waiters behind a trial call sleep until the trial's slot would lapse.
    const w = await worker({ BREAKER_FAILURES: "3", BREAKER_PROBE_MS: "500", BREAKER_PROBE_MAX_MS: "500", HOST_WAIT_MS: "300", HOST_WAIT_MAX_MS: "1500", WORKER_LOCK_MS: "3000", ALERT_WINDOW_MS: "500", ALERT_CHANNEL_CACHE_MS: "100" });
    try {
      const ids = await submit(6, { url: host.url, sourceApp, maxAttempts: 20, retry: { strategy: "fixed", delayMs: 100, maxDelayMs: 100 } });
      await waitFor(async () => (await statusCounts(ids)).failed === 6, 45_000);
      const rows = await testDb.db.select({ attempts: tasks.attempts, lastError: tasks.lastError }).from(tasks).where(inArray(tasks.id, ids));
      // The trial calls spend their tasks' attempts; the others fail for waiting, far from their 20 attempts.
      const gaveUp = rows.filter((r) => /gave up: the host's circuit was open/.test(r.lastError ?? ""));
      expect(gaveUp.length).toBeGreaterThanOrEqual(3);
      expect(gaveUp.every((r) => r.attempts < 20)).toBe(true);
      // Each failed task is alerted, the gave-up ones with their reason (several may fold into one summary).
      await waitFor(async () => (await testDb.db.select().from(alerts).where(eq(alerts.channelId, channel.id))).length > 0, 20_000);
      await waitFor(() => platform.accepted.length > 0, 20_000, () => JSON.stringify(platform.refused));
      const texts = platform.accepted.map((m) => messageText("webhook", m.body)).join("\n");
      expect(texts).toMatch(/gave up|circuit was open|\d+ more tasks failed/);
      const alerted = await testDb.db.select({ taskId: alerts.taskId }).from(alerts).where(eq(alerts.channelId, channel.id));
      expect(alerted.some((a) => a.taskId === null || ids.includes(a.taskId))).toBe(true);
    } finally {
      await w.stop();
      await platform.close();
      await testDb.db.delete(alertChannels).where(eq(alertChannels.id, channel.id));
    }
  });
});
