import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, request, type TestClient } from "./support/api";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { waitForFinal } from "./support/wait";

let receiver: Receiver;
let worker: Proc;
let client: TestClient;
const metricsPort = 9470 + (process.pid % 20);

beforeAll(async () => {
  receiver = await startReceiver();
  worker = await startWorker({ WORKER_METRICS_PORT: String(metricsPort) });
  client = await newClient("metrics");
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

describe("Prometheus metrics", () => {
  it("the web serves queue depth and open task counts", async () => {
    // From 127.0.0.1, inside METRICS_ALLOW's default (loopback): no token needed (callers.test.ts covers the rest).
    const res = await request("/api/metrics");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^bida_queue_jobs\{queue="deliver",state="waiting"\} \d+$/m);
    expect(res.text).toMatch(/^bida_tasks_open\{status="retrying"\} \d+$/m);
  });

  it("the worker counts attempts by result and observes call durations", async () => {
    receiver.on("/metrics-fail", (_req, res) => res.writeHead(500).end());
    const ok = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/metrics-ok") } });
    const bad = await client.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/metrics-fail"), maxAttempts: 1 } });
    await waitForFinal(ok.body.id);
    await waitForFinal(bad.body.id);
    let text = "";
    await waitFor(async () => {
      text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return /bida_attempts_total\{result="failed"\} [1-9]/.test(text);
    }, 10_000, () => text);
    expect(text).toMatch(/^bida_attempts_total\{result="succeeded"\} [1-9]\d*$/m);
    expect(text).toMatch(/^bida_call_duration_seconds_count [2-9]\d*$/m);
    expect(text).toMatch(/^bida_commit_batch_size_count \d+$/m);
  });
});
