import { inArray, like } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alertChannels, type SelfAlertEvent } from "@/lib/db/schema/alert-channels";
import { tasks } from "@/lib/db/schema/tasks";
import type { ChannelKind, MessageFormat } from "@/lib/db/schema/alert-channels";
import { createChannel } from "@/lib/notify/create-channel";
import { messageText, startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { activeStatuses } from "@/lib/tasks/lifecycle/statuses";
import { newClient, type TestClient } from "./support/api";
import { statusCounts, testDb } from "./support/db";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { startReceiver, type Receiver } from "./support/receiver";
import { refusingHost } from "./support/refusing-host";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy";
import { testEnv } from "./support/test-env";

// Checks every 300 ms; a window longer than each test, so any second "started" would be a fold bug, not a new window.
const selfEnv = {
  SELF_ALERTS: "true",
  SELF_ALERT_INTERVAL_MS: "300",
  SELF_ALERT_WINDOW_MS: "60000",
  SELF_ALERT_PROBE_TIMEOUT_MS: "1000",
  SELF_ALERT_STORE_GRACE_MS: "1000",
  ALERT_CHANNEL_CACHE_MS: "100",
  PUBLIC_URL: "http://console.test",
  LOG_LEVEL: "info",
};

const run = `self-alerts-it-${process.pid}-${Date.now()}`;
let receiver: Receiver;
let client: TestClient;
let redis: Redis;
const workers: Proc[] = [];
const platforms: FakePlatform[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, "self-alerts-it-%"));
  receiver = await startReceiver();
  receiver.on("/ok", (_req, res) => res.end("ok"));
  client = await newClient("self-alerts");
  redis = new Redis(testEnv.REDIS_URL!);
});

// Every check looks at the whole installation: earlier files' open tasks and circuits, and the condition states in
// Redis, are cleared so each test starts from a quiet Bida (files run one at a time).
beforeEach(async () => {
  await testDb.db.update(tasks).set({ status: "cancelled" }).where(inArray(tasks.status, activeStatuses));
  await redis.flushdb();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop("SIGKILL")));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, `${run}%`));
});

afterAll(async () => {
  await receiver?.close();
  await Promise.all(platforms.map((p) => p.close()));
  await redis?.quit();
});

async function listen(kind: ChannelKind, format: MessageFormat, event: SelfAlertEvent) {
  const platform = await startFakePlatform(kind);
  platforms.push(platform);
  await createChannel(testDb.db, { name: `${run}-${event}-${kind}`, kind, url: platform.url, format, events: [event], failingAfter: 3, enabled: true, filters: null, actor: "system" });
  return platform;
}

async function worker(env: Record<string, string>) {
  const w = await startWorker({ ...selfEnv, ...env });
  workers.push(w);
  return w;
}

const texts = (p: FakePlatform) => p.accepted.map((m) => messageText(p.kind, m.body));

/** Waits for the one "started" message, lets the test end the condition, waits for the one "resolved". */
async function startThenResolve(p: FakePlatform, w: Proc, started: RegExp, end: () => Promise<void>, resolved: RegExp, about = /./) {
  const mine = () => texts(p).filter((t) => about.test(t));
  await waitFor(() => mine().some((t) => started.test(t)), 30_000, () => `${JSON.stringify(texts(p))}\n${w.output()}`);
  await end();
  await waitFor(() => mine().some((t) => /Resolved:/.test(t)), 30_000, () => `${JSON.stringify(texts(p))}\n${w.output()}`);
  // Some more checks: each of them must stay silent.
  await new Promise((r) => setTimeout(r, 1_500));
  const all = mine();
  expect(all.filter((t) => !/Resolved:/.test(t) && started.test(t)), JSON.stringify(all)).toHaveLength(1);
  expect(all.filter((t) => /Resolved:/.test(t)), JSON.stringify(all)).toHaveLength(1);
  expect(all).toHaveLength(2);
  expect(started.test(all[0]!)).toBe(true);
  expect(resolved.test(all[1]!)).toBe(true);
  return all;
}

/** A receiver route that holds every call until the test lets them go. */
function heldRoute(path: string) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  receiver.on(path, (_req, res) => void gate.then(() => res.end("ok")));
  return release;
}

async function submit(count: number, task: Record<string, unknown>) {
  const res = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks: Array.from({ length: count }, () => task) } });
  expect(res.status, res.text).toBe(200);
  return res.body.results.map((r: { id: string }) => r.id) as string[];
}

describe("self-alerts", () => {
  it("bida.lag: the oldest due task waits past the threshold, then delivery catches up", async () => {
    const p = await listen("wecom", "text", "bida.lag");
    const release = heldRoute("/lag-held");
    const w = await worker({ SELF_ALERT_LAG_MS: "1500" });
    await submit(3, { url: receiver.url("/lag-held"), timeoutMs: 60_000, maxAttempts: 2 });
    const [start] = await startThenResolve(p, w, /^\[Bida\] Delivery is behind: the oldest due task has waited \d+ s \(threshold 2 s\)/, async () => release(), /^\[Bida\] Resolved: Delivery caught up/);
    expect(start).toContain("Console: http://console.test/tasks?status=retrying");
  }, 90_000);

  it("bida.lag across a worker restart: the successor sends no second start, then the one resolved", async () => {
    const p = await listen("wecom", "text", "bida.lag");
    const release = heldRoute("/lag-restart");
    const env = { SELF_ALERT_LAG_MS: "1500", WORKER_LOCK_MS: "3000" };
    const first = await worker(env);
    await submit(3, { url: receiver.url("/lag-restart"), timeoutMs: 60_000, maxAttempts: 2 });
    await startThenResolve(
      p,
      first,
      /^\[Bida\] Delivery is behind/,
      async () => {
        // A worker saves what it told after the send (at least once: one killed between the two is sent again), so
        // the kill waits for the save; the property under test is that a successor reads what was told.
        await waitFor(async () => JSON.parse((await redis.hget(`${testEnv.REDIS_PREFIX}:self-alerts:state`, "lag")) ?? "{}").told === "started", 10_000, first.output);
        await first.stop("SIGKILL");
        const killedAt = Date.now();
        const second = await worker(env);
        // The successor has judged the still-lagging condition (from the state the first one left in Redis).
        await waitFor(async () => {
          const state = JSON.parse((await redis.hget(`${testEnv.REDIS_PREFIX}:self-alerts:state`, "lag")) ?? "{}");
          return state.updatedAt > killedAt + 500 && state.active === true && state.told === "started";
        }, 20_000, second.output);
        release();
      },
      /^\[Bida\] Resolved: Delivery caught up/,
    );
  }, 90_000);

  it("bida.backlog: open tasks rise check after check for the window, then fall", async () => {
    const p = await listen("slack", "markdown", "bida.backlog");
    const release = heldRoute("/backlog-held");
    // A 2.4 s window: the open tasks must rise over at least eight checks in a row.
    const w = await worker({ SELF_ALERT_BACKLOG_MINUTES: "0.04" });
    let submitting = true;
    const feeding = (async () => {
      while (submitting) {
        await submit(2, { url: receiver.url("/backlog-held"), timeoutMs: 60_000, maxAttempts: 2 });
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    try {
      await startThenResolve(
        p,
        w,
        /^\*Backlog growing for 2 s: \d+ → \d+ open tasks\*/,
        async () => {
          submitting = false;
          await feeding;
          release();
        },
        /^\*Resolved: Backlog no longer growing/,
      );
    } finally {
      submitting = false;
      await feeding;
      release();
    }
  }, 90_000);

  it("bida.circuit: a refusing host's circuit opens, then closes when it answers", async () => {
    const p = await listen("dingtalk", "markdown", "bida.circuit");
    const host = await refusingHost();
    try {
      const w = await worker({ BREAKER_FAILURES: "3", BREAKER_MIN_TASKS: "2", BREAKER_PROBE_MS: "500", BREAKER_PROBE_MAX_MS: "1000", HOST_WAIT_MS: "300" });
      await submit(5, { url: host.url, maxAttempts: 30, retry: { strategy: "fixed", delayMs: 200, maxDelayMs: 200 } });
      const escapedHost = host.origin.replace(/[.]/g, "\\.");
      const all = await startThenResolve(
        p,
        w,
        new RegExp(`^#### Circuit open for host ${escapedHost}: calls to it are held back`),
        () => host.open(),
        new RegExp(`^#### Resolved: Circuit closed for host ${escapedHost}: calls flow again`),
        new RegExp(escapedHost),
      );
      expect(all[0]).toContain("[Open in the console](http://console.test/hosts)");
    } finally {
      await host.close();
    }
  }, 90_000);

  it("bida.requeue: Redis loses the queued jobs, the sweeper queues them again, then all is quiet", async () => {
    const p = await listen("feishu", "text", "bida.requeue");
    // Submitted with no worker running; then Redis forgets every job.
    const ids = await submit(20, { url: receiver.url("/ok") });
    await redis.flushdb();
    const w = await worker({ SWEEP_INTERVAL_MS: "500", SWEEP_GRACE_MS: "1000", SELF_ALERT_REQUEUE_QUIET_MS: "2000" });
    await startThenResolve(
      p,
      w,
      /^\[Bida\] The sweeper re-queued 20 overdue tasks that had no queue job/,
      async () => {
        await waitFor(async () => (await statusCounts(ids)).succeeded === 20, 30_000);
      },
      /^\[Bida\] Resolved: The sweeper has re-queued nothing for 2 s: 20 tasks re-queued in all/,
    );
  }, 90_000);

  it("bida.store_down: MySQL goes away from a worker and comes back", async () => {
    const p = await listen("webhook", "text", "bida.store_down");
    const db = new URL(testEnv.DATABASE_URL!);
    const proxy = await startTcpProxy({ host: db.hostname, port: Number(db.port || 3306) });
    proxies.push(proxy);
    db.host = `127.0.0.1:${proxy.port}`;
    const w = await worker({ DATABASE_URL: db.toString() });
    // The channel list is read while MySQL is there; during the outage it comes from the worker's copy.
    await waitFor(() => w.output().includes("self-alert checker has its channel list"), 10_000, w.output);
    await proxy.stop();
    const all = await startThenResolve(p, w, /"headline":"MySQL unreachable from worker [^"]+#\d+ \(/, () => proxy.start(), /"headline":"Resolved: MySQL reachable again/);
    expect(JSON.parse(all[0]!)).toMatchObject({ event: "bida.store_down", notices: [{ condition: "mysql", state: "started" }] });
  }, 90_000);

  it("bida.store_down: Redis goes away from a worker and comes back, alerted without the queue", async () => {
    const p = await listen("wecom", "markdown", "bida.store_down");
    const url = new URL(testEnv.REDIS_URL!);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
    proxies.push(proxy);
    url.host = `127.0.0.1:${proxy.port}`;
    const w = await worker({ REDIS_URL: url.toString() });
    await waitFor(() => w.output().includes("self-alert checker has its channel list"), 10_000, w.output);
    await proxy.stop();
    // Markdown-escaped values: "(" arrives as "\(".
    await startThenResolve(p, w, /^#### Redis unreachable from worker \S+ \\\(/, () => proxy.start(), /^#### Resolved: Redis reachable again \\\(unreachable for \d+ s\\\)/);
  }, 90_000);
});
