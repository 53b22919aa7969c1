import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertChannels } from "@/lib/db/schema/alert-channels";
import { tasks } from "@/lib/db/schema/tasks";
import { createChannel } from "@/lib/notify/create-channel";
import { startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { buildTaskRow } from "@/lib/tasks/submit-tasks";
import { insertTasks } from "@/lib/tasks/insert-tasks";
import { taskInputSchema } from "@/lib/tasks/task-input";
import { newClient, request, type TestClient } from "./support/api";
import { testDb } from "./support/db";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { waitForFinal } from "./support/wait";

// The gauges the web reads from MySQL and Redis, and the counters a worker keeps, checked against what is true.
const run = `observe-it-${process.pid}-${Date.now()}`;
const metricsPort = 9490 + (process.pid % 20);
let receiver: Receiver;
let client: TestClient;
let worker: Proc | undefined;
let platform: FakePlatform | undefined;

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
/** The failure message of a wait on the web's gauges: only the lines that matter here. */
const gauges = (text: string) => () => text.split("\n").filter((l) => /^bida_(host|tasks_open|oldest)/.test(l)).join("\n");
const webMetrics = async () => (await request("/api/metrics")).text;
const workerMetrics = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();

beforeAll(async () => {
  receiver = await startReceiver();
  client = await newClient("observe");
});
afterAll(async () => {
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, `${run}%`));
  await worker?.stop();
  await receiver?.close();
  await platform?.close();
});

describe("the web's gauges", () => {
  it("reads the oldest due task's age while no worker runs, and drops it once the task is gone", async () => {
    const row = buildTaskRow({ id: client.id, allowedHosts: null }, taskInputSchema.parse({ url: receiver.url("/overdue") }));
    row.nextAttemptAt = new Date(Date.now() - 2 * 3_600_000);
    await insertTasks(testDb.pool, [row]);
    let text = "";
    try {
      await waitFor(async () => (sample((text = await webMetrics()), "bida_oldest_due_seconds") ?? 0) >= 7_200, 15_000, () => text);
    } finally {
      await testDb.db.delete(tasks).where(eq(tasks.id, row.id));
    }
    // Cached for METRICS_CACHE_MS at most, then read again.
    await waitFor(async () => (sample((text = await webMetrics()), "bida_oldest_due_seconds") ?? Infinity) < 3_600, 15_000, () => text);
  });

  it("shows a call in flight and a running task while the call lasts, and a host's circuit open after the breaker trips", async () => {
    worker = await startWorker({
      WORKER_METRICS_PORT: String(metricsPort),
      BREAKER_FAILURES: "2",
      BREAKER_MIN_TASKS: "1",
      BREAKER_PROBE_MS: "600000",
      ALERT_BACKOFF_MS: "200",
      ALERT_CHANNEL_CACHE_MS: "100",
    });
    const held: Array<() => void> = [];
    receiver.on("/held", (_req, res) => held.push(() => res.end("ok")));
    const host = receiver.url("").replace(/\/$/, "");
    const hostSeries = (name: string) => `${name}{host="${host}"}`;

    // A host joins the gauges with its first finished call (the gate's known-hosts set is written on release).
    const first = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/quick") } });
    await waitForFinal(first.body.id);
    const slow = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/held"), timeoutMs: 60_000 } });
    expect(slow.status).toBe(201);
    let text = "";
    await waitFor(async () => {
      text = await webMetrics();
      return sample(text, hostSeries("bida_host_in_flight")) === 1 && (sample(text, 'bida_tasks_open{status="running"}') ?? 0) >= 1;
    }, 15_000, () => gauges(text)());
    expect(sample(text, hostSeries("bida_host_circuit_state"))).toBe(0);
    held.forEach((release) => release());
    await waitForFinal(slow.body.id);
    await waitFor(async () => sample((text = await webMetrics()), hostSeries("bida_host_in_flight")) === 0, 15_000, () => gauges(text)());

    // Two host failures (503) from one task each open the circuit (BREAKER_FAILURES=2, BREAKER_MIN_TASKS=1).
    receiver.on("/down", (_req, res) => res.writeHead(503).end());
    for (let i = 0; i < 2; i++) {
      const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/down"), maxAttempts: 1 } });
      await waitForFinal(res.body.id);
    }
    await waitFor(async () => sample((text = await webMetrics()), hostSeries("bida_host_circuit_state")) === 1, 15_000, () => gauges(text)());
    expect(sample(await workerMetrics(), `bida_circuit_changes_total{host="${host}",change="opened"}`)).toBe(1);
  });

  it("times API requests by route template, never by raw path", async () => {
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/later"), runAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(res.status).toBe(201);
    expect((await client.call(`/api/v1/tasks/${res.body.id}`)).status).toBe(200);
    const text = await webMetrics();
    expect(sample(text, 'bida_http_request_duration_seconds_count{route="/api/v1/tasks",method="POST",status="201"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'bida_http_request_duration_seconds_count{route="/api/v1/tasks/[id]",method="GET",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(res.body.id);
    await testDb.db.delete(tasks).where(eq(tasks.id, res.body.id));
  });

  it("reports every queue's depth by state", async () => {
    const text = await webMetrics();
    for (const queue of ["deliver", "alert", "bulk"]) {
      for (const state of ["waiting", "active", "delayed", "prioritized"]) expect(sample(text, `bida_queue_jobs{queue="${queue}",state="${state}"}`)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("the worker's alert counters", () => {
  it("counts each alert send by channel kind and result", async () => {
    platform = await startFakePlatform("wecom", { failFirst: 1 });
    await createChannel(testDb.db, {
      name: `${run}-wecom`,
      kind: "wecom",
      url: platform.url,
      format: "text",
      events: ["task.exhausted"],
      failingAfter: 3,
      enabled: true,
      filters: { sourceApps: [run], targetApps: [], targetHosts: [] },
      actor: "system",
    });
    // A receiver of its own: the first one's circuit is open now.
    const other = await startReceiver();
    other.on("/fails", (_req, res) => res.writeHead(500).end());
    const res = await client.call("/api/v1/tasks", { method: "POST", json: { url: other.url("/fails"), maxAttempts: 1, sourceApp: run } });
    await waitForFinal(res.body.id);
    let text = "";
    await waitFor(async () => sample((text = await workerMetrics()), 'bida_alert_sends_total{kind="wecom",result="sent"}') === 1, 15_000, () => text);
    expect(sample(text, 'bida_alert_sends_total{kind="wecom",result="failed"}')).toBe(1);
    await other.close();
  });
});
