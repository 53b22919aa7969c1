import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, type TestClient } from "./support/api";
import { statusCounts } from "./support/db";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { startReceiver, type Receiver } from "./support/receiver";

let receiver: Receiver;
let worker: Proc | null = null;

beforeAll(async () => {
  receiver = await startReceiver();
  // Every call takes 20 ms, so a backlog takes a while to drain and its order shows.
  receiver.on("/fair", (_req, res) => setTimeout(() => res.end("ok"), 20));
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
});

async function submit(client: TestClient, count: number, sourceApp: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1000) {
    const tasks = Array.from({ length: Math.min(1000, count - i) }, () => ({ url: receiver.url("/fair"), sourceApp }));
    const res = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks } });
    expect(res.status).toBe(200);
    ids.push(...res.body.results.map((r: { id: string }) => r.id));
  }
  return ids;
}

describe("fair share of the delivery queue", () => {
  it.each([
    ["another client's", "other client"],
    ["the same client's other source app", "same client"],
  ] as const)("%s 50 tasks are not held behind a 3,000-task backlog", async (_, who) => {
    const a = await newClient("fair-a");
    const b = who === "other client" ? await newClient("fair-b") : a;
    const backlog = await submit(a, 3_000, "bulk");
    // The worker starts with the whole backlog queued, as after a burst; the small one arrives once it is busy.
    worker = await startWorker({ WORKER_CONCURRENCY: "10" });
    try {
      await waitFor(async () => ((await statusCounts(backlog)).succeeded ?? 0) >= 100, 30_000);
      const small = await submit(b, 50, "orders");
      await waitFor(async () => (await statusCounts(small)).succeeded === 50, 60_000);
      // First come, first served, the 50 would wait for every task of the backlog; fairly shared, they take turns.
      const done = (await statusCounts(backlog)).succeeded ?? 0;
      expect(done).toBeLessThan(1_500);
    } finally {
      await worker.stop();
      worker = null;
    }
    // The rest of the backlog is still delivered (by the next worker of this file, or the last one here).
  }, 120_000);

  it("within one flow the order stays first come, first served: a flow's later tasks do not pass its own backlog", async () => {
    const a = await newClient("fair-fifo");
    const early = await submit(a, 2_000, "fifo");
    worker = await startWorker({ WORKER_CONCURRENCY: "10" });
    try {
      await waitFor(async () => ((await statusCounts(early)).succeeded ?? 0) >= 200, 30_000);
      const late = await submit(a, 100, "fifo");
      await waitFor(async () => ((await statusCounts(late)).succeeded ?? 0) >= 1, 60_000);
      // By the time a later task is done, the earlier backlog has all but run (the worker holds 30 jobs at a time).
      expect((await statusCounts(early)).succeeded ?? 0).toBeGreaterThan(2_000 - 100);
    } finally {
      await worker.stop();
      worker = null;
    }
  }, 120_000);

  it("the backlogs left by the cases above are all delivered", async () => {
    worker = await startWorker({ WORKER_CONCURRENCY: "50" });
    // Nothing else of this file is queued: wait until the queue is drained, by the receiver's count.
    await waitFor(() => receiver.requests("/fair").length >= 2 * 3_050 + 2_100, 90_000);
  }, 120_000);
});
