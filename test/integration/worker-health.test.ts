import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { startWeb, startWorker, waitFor, type Proc } from "./support/processes";
import { holdCalls, startReceiver, type Receiver } from "./support/receiver";
import { waitForFinal } from "./support/wait";
import { freePort } from "./support/free-port";

// A web and workers of this file's own, on a Redis prefix of their own: other files' killed workers leave
// heartbeats behind that must not count here.
const prefix = { REDIS_PREFIX: `bida-test-health-${process.pid}`, WORKER_HEARTBEAT_MS: "300" };
const webPort = 3700 + (process.pid % 200);
const base = `http://127.0.0.1:${webPort}`;
let web: Proc;
let client: TestClient;
let receiver: Receiver;
const procs: Proc[] = [];

const health = async () => (await fetch(`${base}/api/health`)).json() as Promise<{ ok: boolean; worker: { ok: boolean; since?: string | null; count?: number } }>;
const healthStatus = async () => (await fetch(`${base}/api/health`)).status;
const submit = (path: string) =>
  fetch(`${base}/api/v1/tasks`, {
    method: "POST",
    headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ url: receiver.url(path) }),
  });

beforeAll(async () => {
  client = await newClient("health");
  receiver = await startReceiver();
  web = await startWeb(webPort, prefix);
  procs.push(web);
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop("SIGKILL")));
  await receiver.close();
});

describe("the web's /api/health and the worker's heartbeat", () => {
  it("says worker not ok (and stays 200) while no worker runs, ok while one does, and not ok again after kill -9", async () => {
    // No worker has ever beaten on this prefix.
    expect(await healthStatus()).toBe(200);
    expect((await health()).worker).toEqual({ ok: false, since: null });

    const worker = await startWorker(prefix);
    procs.push(worker);
    await waitFor(async () => (await health()).worker.ok, 10_000);
    expect((await health()).worker).toEqual({ ok: true, count: 1 });

    const killedAt = Date.now();
    await worker.stop("SIGKILL");
    await waitFor(async () => !(await health()).worker.ok, 10_000);
    const after = await health();
    expect(await healthStatus()).toBe(200);
    expect(after.ok).toBe(true);
    expect(after.worker.ok).toBe(false);
    // Since when: the last beat's run-out, which came after the kill's last beat and before now.
    const since = Date.parse(after.worker.since!);
    expect(since).toBeGreaterThan(killedAt - 2_000);
    expect(since).toBeLessThanOrEqual(Date.now());

    // Clients can still submit with no worker: the task waits, and a new worker delivers it.
    const res = await submit("/no-worker");
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const next = await startWorker(prefix);
    procs.push(next);
    expect((await waitForFinal(id, 20_000)).status).toBe("succeeded");
    await next.stop();
  });
});

describe("the worker's /healthz and /readyz", () => {
  it("are alive and ready while it runs, not ready while it drains after SIGTERM, and the web sees it gone at once", async () => {
    const port = await freePort();
    holdCalls(receiver, "/slow", 4_000);
    const worker = await startWorker({ ...prefix, WORKER_METRICS_PORT: String(port), SHUTDOWN_GRACE_MS: "20000" });
    procs.push(worker);
    const url = (p: string) => `http://127.0.0.1:${port}${p}`;
    await waitFor(async () => (await fetch(url("/readyz"))).status === 200, 10_000);
    expect(await (await fetch(url("/healthz"))).json()).toEqual({ ok: true });
    expect(await (await fetch(url("/readyz"))).json()).toEqual({ ready: true, mysql: true, redis: true, queues: true, draining: false });
    await waitFor(async () => (await health()).worker.ok, 10_000);

    // A call in flight keeps it draining after SIGTERM.
    expect((await submit("/slow")).status).toBe(201);
    await waitFor(() => receiver.requests("/slow").length === 1, 10_000);
    const exited = once(worker.child, "exit");
    process.kill(-worker.child.pid!, "SIGTERM");
    await waitFor(async () => (await fetch(url("/readyz"))).status === 503, 10_000);
    expect(await (await fetch(url("/readyz"))).json()).toMatchObject({ ready: false, draining: true });
    // Still alive while it drains: the outer supervisor must not kill it for being unready.
    expect((await fetch(url("/healthz"))).status).toBe(200);
    // It dropped its heartbeat on SIGTERM, not three beats later.
    expect((await health()).worker.ok).toBe(false);
    expect(worker.child.exitCode).toBeNull();
    await exited;
    expect(worker.child.exitCode).toBe(0);
  });
});
