import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { startWorker, type Proc } from "./support/processes";

let worker: Proc | undefined;
afterAll(async () => {
  await worker?.stop();
});

describe("WORKER_NICE", () => {
  it("the worker lowers its own scheduling priority to WORKER_NICE at start", async () => {
    worker = await startWorker({ WORKER_NICE: "7", WORKER_METRICS_PORT: "0" });
    expect(os.getPriority(worker.child.pid!)).toBe(7);
  });
});
