import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { startWorker, type Proc } from "./support/processes";

let worker: Proc | undefined;
afterAll(async () => {
  await worker?.stop();
});

/** The nice value of each of a process's threads (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

describe("WORKER_NICE", () => {
  it("the worker lowers every one of its threads to WORKER_NICE at start", async () => {
    worker = await startWorker({ WORKER_NICE: "7", WORKER_METRICS_PORT: "0" });
    const nices = threadNices(worker.child.pid!);
    expect(nices.length).toBeGreaterThan(1);
    expect(new Set(nices)).toEqual(new Set([7]));
  });
});
