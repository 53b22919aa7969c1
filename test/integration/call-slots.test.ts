import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { statusCounts } from "./support/db";
import { holdCalls, startReceiver, type Receiver } from "./support/receiver";
import { startWorker, waitFor, type Proc } from "./support/processes";

let receiver: Receiver;
let client: TestClient;
const workers: Proc[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  client = await newClient("slots");
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  await receiver?.close();
});

describe("WORKER_CONCURRENCY bounds the calls in flight; the worker holds more jobs than that", () => {
  it("never calls more at once than its slots; on SIGTERM the jobs waiting for a slot go back untouched and another worker delivers each once", async () => {
    const calls = holdCalls(receiver, "/slots", 800);
    const first = await startWorker({ WORKER_CONCURRENCY: "2" });
    workers.push(first);
    const res = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks: Array.from({ length: 12 }, () => ({ url: receiver.url("/slots") })) } });
    expect(res.status).toBe(200);
    const ids: string[] = res.body.results.map((r: { id: string }) => r.id);

    await waitFor(() => receiver.requests("/slots").length >= 2, 15_000);
    expect(await first.stop("SIGTERM")).toBe(0);
    const calledByFirst = receiver.requests("/slots").length;
    expect(calls.most()).toBe(2);
    // Two slots: the first pair of calls, at most a second pair if SIGTERM came late; never the other waiting jobs.
    expect(calledByFirst).toBeLessThanOrEqual(4);
    // Every call the first worker made was recorded before it exited; the rest were not touched.
    expect(await statusCounts(ids)).toEqual({ succeeded: calledByFirst, queued: 12 - calledByFirst });

    calls.reset();
    const second = await startWorker({ WORKER_CONCURRENCY: "4" });
    workers.push(second);
    let counts: Record<string, number> = {};
    await waitFor(async () => {
      counts = await statusCounts(ids);
      return counts.succeeded === 12;
    }, 30_000, () => JSON.stringify(counts));
    expect(calls.most()).toBeLessThanOrEqual(4);
    const callsPerTask = new Map<string, number>();
    for (const r of receiver.requests("/slots")) {
      const id = String(r.headers["x-bida-task-id"]);
      callsPerTask.set(id, (callsPerTask.get(id) ?? 0) + 1);
    }
    expect([...callsPerTask.values()]).toEqual(Array(12).fill(1));
    await second.stop();
  }, 90_000);
});
