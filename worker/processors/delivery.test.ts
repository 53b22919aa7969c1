import { DelayedError, WaitingError, type Job } from "bullmq";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Task } from "@/lib/db/schema/tasks";
import { taskFixture } from "@/test/fixtures/task";
import type { AttemptOutcome } from "@/lib/delivery/make-attempt";
import type { DeliveryJob } from "@/lib/queue/delivery-queue";
import { finalStatuses } from "@/lib/tasks/lifecycle/statuses";
import { nextState } from "@/lib/tasks/next-state";
import type { AttemptRecord } from "@/lib/tasks/record-attempts";
import { createCallSlots, type CallSlots } from "../call-slots";
import { createDeliveryProcessor, type DeliveryDeps } from "./delivery";

// Only Date is faked, so the processor's nextState(…) and the test's agree on "now"; timers stay real.
const now = new Date("2025-03-01T12:00:00.000Z");
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
});
afterEach(() => {
  vi.useRealTimers();
});

const id = "0190a0b0-0000-7000-8000-000000000001";

const task = (over: Partial<Task> = {}): Task =>
  taskFixture({ id, retry: { strategy: "fixed", delayMs: 60_000, maxDelayMs: 60_000 }, nextAttemptAt: now, createdAt: now, updatedAt: now, ...over });

const succeeded: AttemptOutcome = { startedAt: now, durationMs: 7, statusCode: 200, responseExcerpt: "ok", error: null, ok: true, retryAfterMs: null, failure: null };
const failed: AttemptOutcome = { startedAt: now, durationMs: 7, statusCode: 500, responseExcerpt: "boom", error: "HTTP 500", ok: false, retryAfterMs: null, failure: null };

/** The few fields of a BullMQ job the processor touches. */
function fakeJob(data: Record<string, unknown>) {
  const moveToWait = vi.fn<(token?: string) => Promise<void>>(async () => {});
  const moveToDelayed = vi.fn<(timestamp: number, token?: string) => Promise<void>>(async () => {});
  const promote = vi.fn<() => Promise<void>>(async () => {});
  return { job: { id: `${String(data.taskId)}_${String(data.n)}`, data, moveToWait, moveToDelayed, promote } as unknown as Job<DeliveryJob>, moveToWait, moveToDelayed, promote };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** What a promise has done after the event loop has had a turn: its value, "rejected", or still "pending". */
async function state<T>(p: Promise<T>): Promise<T | "pending" | "rejected"> {
  const pending = Symbol("pending");
  const result = await Promise.race([p.catch(() => "rejected" as const), new Promise<typeof pending>((r) => setTimeout(() => r(pending), 10))]);
  return result === pending ? "pending" : result;
}

/** Whether a slot is free right now (taking it and giving it back). */
async function slotFree(slots: CallSlots): Promise<boolean> {
  const got = await state(slots.acquire());
  if (got === true) slots.release();
  return got === true;
}

/** Deps as plain functions that log what happened, in order; any of them can be replaced. */
function harness(loaded: Task | null, over: Partial<DeliveryDeps> = {}) {
  const log: string[] = [];
  const records: AttemptRecord[] = [];
  const deps: DeliveryDeps = {
    loadTask: async (taskId) => {
      log.push(`load ${taskId}`);
      return loaded;
    },
    attempt: async (_t, n) => {
      log.push(`attempt ${n}`);
      return failed;
    },
    record: async (r) => {
      log.push("record");
      records.push(r);
      return true;
    },
    inFlight: { start: () => log.push("start"), finish: () => log.push("finish") },
    callSlots: createCallSlots(1),
    // Every keyed task is its key's head unless a test says otherwise.
    aheadOf: async () => {
      log.push("ahead?");
      return null;
    },
    // A quota with room; its own tests below replace it.
    quota: { take: async () => 0, giveBack: () => undefined },
    // An open gate that keeps quiet; the gate's own tests below replace it.
    hosts: { enter: async () => ({ entry: { host: "http://127.0.0.1:1", token: "t" }, probe: false }), leave: () => undefined, hasRoom: async () => false, waitForRoom: async () => false },
    defer: async (d) => {
      log.push(`defer ${d.reason}`);
    },
    hostWaitMs: 30_000,
    started: () => undefined,
    expire: async (t) => {
      log.push(`expire ${t.id}`);
      return true;
    },
    ...over,
  };
  return { deps, log, records, process: createDeliveryProcessor(deps) };
}

describe("the delivery processor", () => {
  it.each([
    ["a failure below the budget", failed, "retrying"],
    ["a success", succeeded, "succeeded"],
  ] as const)("%s: loads once a slot is held, calls once, records nextState's result, answers the new status", async (_, outcome, status) => {
    const t = task({ attempts: 1, generation: 2 });
    const recording = deferred<boolean>();
    const h = harness(t, {
      attempt: async (called, n) => {
        expect(called).toBe(t);
        h.log.push(`attempt ${n}`);
        return outcome;
      },
      record: (r) => {
        h.log.push("record");
        h.records.push(r);
        return recording.promise;
      },
    });
    // Every slot is taken: the job waits, and has not loaded the task yet.
    expect(await h.deps.callSlots.acquire()).toBe(true);
    const result = h.process(fakeJob({ taskId: id, n: 2, g: 2 }).job);
    expect(await state(result)).toBe("pending");
    expect(h.log).toEqual([]);
    h.deps.callSlots.release();
    // Called, and waiting for its commit: not finished until the record settles.
    expect(await state(result)).toBe("pending");
    expect(h.log).toEqual([`load ${id}`, "start", "attempt 2", "record"]);
    expect(h.records).toEqual([{ task: t, n: 2, outcome, next: nextState(t, 2, outcome, now) }]);
    expect(h.records[0]!.next.status).toBe(status);
    recording.resolve(true);
    expect(await result).toBe(status);
    expect(h.log).toEqual([`load ${id}`, "start", "attempt 2", "record", "finish"]);
  });

  it("gives the slot back before waiting for the commit: a second job calls while the first waits", async () => {
    const commits: Array<ReturnType<typeof deferred<boolean>>> = [];
    const h = harness(task(), {
      record: (r) => {
        h.log.push(`record ${r.task.id}`);
        const d = deferred<boolean>();
        commits.push(d);
        return d.promise;
      },
    });
    const first = h.process(fakeJob({ taskId: id, n: 1, g: 0 }).job);
    expect(await state(first)).toBe("pending");
    expect(commits).toHaveLength(1);
    const second = h.process(fakeJob({ taskId: id, n: 1, g: 0 }).job);
    expect(await state(second)).toBe("pending");
    // With one slot, the second call could only have been made if the first gave its slot back.
    expect(h.log.filter((l) => l.startsWith("attempt"))).toEqual(["attempt 1", "attempt 1"]);
    expect(commits).toHaveLength(2);
    commits[1]!.resolve(true);
    commits[0]!.resolve(true);
    expect(await Promise.all([first, second])).toEqual(["retrying", "retrying"]);
  });

  it.each([...finalStatuses.map((s) => [s] as const), ["gone"] as const])("a %s task is skipped: no call, no record", async (status) => {
    const h = harness(status === "gone" ? null : task({ status, attempts: 0 }));
    expect(await h.process(fakeJob({ taskId: id, n: 1, g: 0 }).job)).toBe("skipped");
    expect(h.log).toEqual([`load ${id}`]);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });

  it.each([
    ["an attempt already made", { attempts: 2 }, { n: 2, g: 0 }],
    ["an attempt not yet due", { attempts: 0 }, { n: 2, g: 0 }],
    ["a past generation", { attempts: 0, generation: 1 }, { n: 1, g: 0 }],
    ["a future generation", { attempts: 0, generation: 1 }, { n: 1, g: 2 }],
    ["no generation in the job, on a retried task", { attempts: 0, generation: 1 }, { n: 1 }],
  ] as const)("a job for %s is stale: no call, no record", async (_, over, data) => {
    const h = harness(task({ status: "retrying", ...over }));
    expect(await h.process(fakeJob({ taskId: id, ...data }).job)).toBe("stale");
    expect(h.log).toEqual([`load ${id}`]);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });

  it("a job without a generation belongs to generation 0", async () => {
    const h = harness(task({ attempts: 0, generation: 0 }));
    expect(await h.process(fakeJob({ taskId: id, n: 1 }).job)).toBe("retrying");
    expect(h.log).toEqual([`load ${id}`, "start", "attempt 1", "record", "finish"]);
  });

  it("a record that did not take effect (cancelled meanwhile) is stale, and the attempt is finished", async () => {
    const h = harness(task(), {
      record: async () => {
        h.log.push("record");
        return false;
      },
    });
    expect(await h.process(fakeJob({ taskId: id, n: 1, g: 0 }).job)).toBe("stale");
    expect(h.log).toEqual([`load ${id}`, "start", "attempt 1", "record", "finish"]);
  });

  it("a record that fails rejects the job (BullMQ retries it), and the attempt is still finished", async () => {
    const down = new Error("MySQL went away");
    const h = harness(task(), {
      record: async () => {
        h.log.push("record");
        throw down;
      },
    });
    await expect(h.process(fakeJob({ taskId: id, n: 1, g: 0 }).job)).rejects.toBe(down);
    expect(h.log).toEqual([`load ${id}`, "start", "attempt 1", "record", "finish"]);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });

  it("an attempt that throws rejects the job, finishes the attempt once and gives the slot back", async () => {
    const broken = new Error("agent closed");
    const h = harness(task(), {
      attempt: async () => {
        h.log.push("attempt 1");
        throw broken;
      },
    });
    await expect(h.process(fakeJob({ taskId: id, n: 1, g: 0 }).job)).rejects.toBe(broken);
    expect(h.log).toEqual([`load ${id}`, "start", "attempt 1", "finish"]);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });

  it("a loader that throws rejects the job and gives the slot back, with nothing started", async () => {
    const down = new Error("MySQL went away");
    const h = harness(task(), {
      loadTask: async () => {
        throw down;
      },
    });
    await expect(h.process(fakeJob({ taskId: id, n: 1, g: 0 }).job)).rejects.toBe(down);
    expect(h.log).toEqual([]);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });

  it("when the worker is closing, the job goes back to the queue untouched", async () => {
    const h = harness(task());
    h.deps.callSlots.close();
    const { job, moveToWait } = fakeJob({ taskId: id, n: 1, g: 0 });
    await expect(h.process(job, "token-1")).rejects.toBeInstanceOf(WaitingError);
    expect(moveToWait.mock.calls).toEqual([["token-1"]]);
    expect(h.log).toEqual([]);
  });

  it("a job waiting for a slot when the worker closes goes back too", async () => {
    const h = harness(task());
    expect(await h.deps.callSlots.acquire()).toBe(true);
    const { job, moveToWait } = fakeJob({ taskId: id, n: 1, g: 0 });
    const result = h.process(job, "token-2");
    expect(await state(result)).toBe("pending");
    h.deps.callSlots.close();
    await expect(result).rejects.toBeInstanceOf(WaitingError);
    expect(moveToWait.mock.calls).toEqual([["token-2"]]);
    expect(h.log).toEqual([]);
  });

  it("job data that is not a delivery is refused before a slot is taken", async () => {
    const h = harness(task());
    await expect(h.process(fakeJob({ taskId: "short", n: 0 }).job)).rejects.toThrow();
    expect(h.log).toEqual([]);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });
});

describe("the delivery processor at the host's gate", () => {
  it("a call the gate holds back is deferred: MySQL first, then the job goes back delayed; no call, no attempt spent", async () => {
    const t = task({ attempts: 1 });
    const deferrals: unknown[] = [];
    const h = harness(t, {
      hosts: { enter: async () => ({ wait: { granted: false, reason: "open", until: 1_234_567 } }), leave: () => h.log.push("leave"), hasRoom: async () => false, waitForRoom: async () => false },
      defer: async (d) => {
        h.log.push("defer");
        deferrals.push(d);
      },
    });
    const { job, moveToDelayed } = fakeJob({ taskId: id, n: 2 });
    await expect(h.process(job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(deferrals).toEqual([{ taskId: id, n: 2, g: 0, until: new Date(1_234_567), reason: "open" }]);
    expect(moveToDelayed).toHaveBeenCalledWith(1_234_567, "tok");
    expect(h.log).toEqual([`load ${id}`, "defer"]);
    expect(h.records).toHaveLength(0);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });

  it("a cap or a pause has no time of its own: the job asks again after HOST_WAIT_MS at the latest", async () => {
    const t = task();
    const deferrals: Array<{ until: Date; reason: string }> = [];
    const h = harness(t, {
      hosts: { enter: async () => ({ wait: { granted: false, reason: "cap", until: 0 } }), leave: () => undefined, hasRoom: async () => false, waitForRoom: async () => false },
      defer: async (d) => void deferrals.push(d),
      hostWaitMs: 5_000,
    });
    const before = Date.now();
    await expect(h.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(deferrals[0]!.reason).toBe("cap");
    expect(deferrals[0]!.until.getTime()).toBeGreaterThanOrEqual(before + 5_000);
    expect(deferrals[0]!.until.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it("leaves the gate with the outcome after the call, and without one when the call threw", async () => {
    const left: unknown[] = [];
    const hosts = { enter: async () => ({ entry: { host: "h", token: "t1" }, probe: false }), leave: (_e: unknown, _id: string, o: unknown) => void left.push(o), hasRoom: async () => false, waitForRoom: async () => false };
    const ok = harness(task(), { hosts, attempt: async () => succeeded });
    await ok.process(fakeJob({ taskId: id, n: 1 }).job, "tok");
    expect(left).toEqual([succeeded]);
    const broken = harness(task(), { hosts, attempt: async () => { throw new Error("bug"); } });
    await expect(broken.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).rejects.toThrow("bug");
    expect(left).toEqual([succeeded, null]);
  });
});

describe("the delivery processor at its ordering key's turn", () => {
  const ahead = "0190a0b0-0000-7000-8000-0000000000aa";
  const keyed = (over: Partial<Task> = {}) => task({ orderingKey: "order-42", orderingSeq: 7, ...over });

  it("a task whose predecessor is not final is deferred behind it, before its host is asked: no call, no attempt spent", async () => {
    const deferrals: unknown[] = [];
    const answers = [ahead, ahead];
    const h = harness(keyed(), {
      aheadOf: async (t) => {
        h.log.push(`ahead? ${t.orderingKey}#${t.orderingSeq}`);
        return answers.shift() ?? null;
      },
      hosts: { enter: async () => (h.log.push("host"), { entry: { host: "h", token: "t" }, probe: false }), leave: () => undefined, hasRoom: async () => false, waitForRoom: async () => false },
      defer: async (d) => {
        h.log.push("defer");
        deferrals.push(d);
      },
      hostWaitMs: 5_000,
    });
    const { job, moveToDelayed, promote } = fakeJob({ taskId: id, n: 1 });
    await expect(h.process(job, "tok")).rejects.toBeInstanceOf(DelayedError);
    const until = new Date(now.getTime() + 5_000);
    expect(deferrals).toEqual([{ taskId: id, n: 1, g: 0, until, reason: "order", behind: ahead }]);
    expect(moveToDelayed).toHaveBeenCalledWith(until.getTime(), "tok");
    // Asked again once the job is delayed; still behind, so it stays there until the wake or its time.
    expect(h.log).toEqual([`load ${id}`, "ahead? order-42#7", "defer", "ahead? order-42#7"]);
    expect(promote).not.toHaveBeenCalled();
    expect(h.records).toHaveLength(0);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });

  it("a predecessor that ended between the check and the move: the job promotes itself instead of sleeping", async () => {
    const answers = [ahead, null];
    const h = harness(keyed(), { aheadOf: async () => answers.shift() ?? null });
    const { job, moveToDelayed, promote } = fakeJob({ taskId: id, n: 1 });
    await expect(h.process(job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledOnce();
    expect(promote).toHaveBeenCalledOnce();
    expect(moveToDelayed.mock.invocationCallOrder[0]!).toBeLessThan(promote.mock.invocationCallOrder[0]!);
  });

  it("a second look that fails leaves the job delayed: it asks again at its time", async () => {
    let calls = 0;
    const h = harness(keyed(), {
      aheadOf: async () => {
        if (++calls > 1) throw new Error("MySQL down");
        return ahead;
      },
    });
    const { job, promote } = fakeJob({ taskId: id, n: 1 });
    await expect(h.process(job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(promote).not.toHaveBeenCalled();
  });

  it("the key's head goes on to its host and is called; a task without a key never asks", async () => {
    const head = harness(keyed(), { attempt: async (_t, n) => (head.log.push(`attempt ${n}`), succeeded) });
    expect(await head.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).toBe("succeeded");
    expect(head.log).toEqual([`load ${id}`, "ahead?", "start", "attempt 1", "record", "finish"]);
    const plain = harness(task(), { attempt: async (_t, n) => (plain.log.push(`attempt ${n}`), succeeded) });
    expect(await plain.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).toBe("succeeded");
    expect(plain.log).not.toContain("ahead?");
  });

  it("a first look that fails rejects the job (BullMQ retries it) and gives the slot back", async () => {
    const h = harness(keyed(), { aheadOf: async () => Promise.reject(new Error("MySQL down")) });
    await expect(h.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).rejects.toThrow("MySQL down");
    expect(await slotFree(h.deps.callSlots)).toBe(true);
    expect(h.log).not.toContain("start");
  });
});

describe("the delivery processor and a slot freed during its deferral", () => {
  it.each([
    [true, 1],
    [false, 0],
  ] as const)("a job held back by the cap promotes itself after the move when the host has room (%s)", async (room, promotions) => {
    const order: string[] = [];
    const h = harness(task(), {
      hosts: { enter: async () => ({ wait: { granted: false, reason: "cap", until: 0 } }), leave: () => undefined, hasRoom: async () => (order.push("room?"), room), waitForRoom: async () => false },
    });
    const { job, moveToDelayed, promote } = fakeJob({ taskId: id, n: 1 });
    moveToDelayed.mockImplementation(async () => void order.push("delayed"));
    promote.mockImplementation(async () => void order.push("promoted"));
    await expect(h.process(job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(promote).toHaveBeenCalledTimes(promotions);
    expect(order.slice(0, 2)).toEqual(["delayed", "room?"]);
  });
});

describe("the delivery processor at a fast host's full cap", () => {
  it("waits in memory, keeping its call slot, then asks the gate again and calls: no deferral", async () => {
    let asked = 0;
    const h = harness(task(), {
      hosts: {
        enter: async () => (++asked === 1 ? { wait: { granted: false, reason: "cap", until: 0 } } : { entry: { host: "h", token: "t" }, probe: false }),
        leave: () => undefined,
        hasRoom: async () => false,
        waitForRoom: async () => {
          // The wait is milliseconds at a fast host: the call slot stays with the job.
          expect(await slotFree(h.deps.callSlots)).toBe(false);
          return true;
        },
      },
      attempt: async () => succeeded,
    });
    expect(await h.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).toBe("succeeded");
    expect(asked).toBe(2);
    expect(h.log).not.toContain("defer cap");
  });

  it("defers as usual when the host is not worth waiting for", async () => {
    const h = harness(task(), {
      hosts: { enter: async () => ({ wait: { granted: false, reason: "cap", until: 0 } }), leave: () => undefined, hasRoom: async () => false, waitForRoom: async () => false },
    });
    await expect(h.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(h.log).toContain("defer cap");
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });
});

describe("the delivery processor at its client's attempts-per-minute quota", () => {
  it("an attempt over the quota is deferred to its booked turn with reason quota, before its host is asked: no call, no attempt spent", async () => {
    const deferrals: unknown[] = [];
    const h = harness(task({ attempts: 1 }), {
      quota: { take: async () => 7_654_321, giveBack: () => h.log.push("give back") },
      hosts: { enter: async () => (h.log.push("enter"), { entry: { host: "h", token: "t" }, probe: false }), leave: () => undefined, hasRoom: async () => true, waitForRoom: async () => false },
      defer: async (d) => void deferrals.push(d),
    });
    const { job, moveToDelayed, promote } = fakeJob({ taskId: id, n: 2 });
    await expect(h.process(job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(deferrals).toEqual([{ taskId: id, n: 2, g: 0, until: new Date(7_654_321), reason: "quota" }]);
    expect(moveToDelayed).toHaveBeenCalledWith(7_654_321, "tok");
    // A booked turn does not come sooner because the host has room.
    expect(promote).not.toHaveBeenCalled();
    expect(h.log).toEqual([`load ${id}`]);
    expect(h.records).toHaveLength(0);
    expect(await slotFree(h.deps.callSlots)).toBe(true);
  });

  it("a turn taken for a call its host's gate then holds back is given back", async () => {
    const h = harness(task(), {
      quota: { take: async () => 0, giveBack: () => h.log.push("give back") },
      hosts: { enter: async () => ({ wait: { granted: false, reason: "open", until: 1_234_567 } }), leave: () => undefined, hasRoom: async () => false, waitForRoom: async () => false },
    });
    await expect(h.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(h.log).toEqual([`load ${id}`, "give back", "defer open"]);
  });

  it("a call within the quota goes on to its host and is made, nothing given back", async () => {
    const h = harness(task(), { quota: { take: async () => 0, giveBack: () => h.log.push("give back") }, attempt: async () => succeeded });
    expect(await h.process(fakeJob({ taskId: id, n: 1 }).job, "tok")).toBe("succeeded");
    expect(h.log).not.toContain("give back");
    expect(h.records).toHaveLength(1);
  });
});

describe("the delivery processor and a task's expiry", () => {
  it("past its expiry a task is ended, not attempted: no gate asked, no call, no record", async () => {
    const t = task({ attempts: 1, expiresAt: new Date(now.getTime() - 1) });
    const h = harness(t, { hosts: { enter: async () => { h.log.push("gate"); return { entry: { host: "h", token: "t" }, probe: false }; }, leave: () => undefined, hasRoom: async () => false, waitForRoom: async () => false } });
    expect(await h.process(fakeJob({ taskId: id, n: 2 }).job)).toBe("failed");
    expect(h.log).toEqual([`load ${id}`, `expire ${id}`]);
    expect(h.records).toHaveLength(0);
  });

  it("an expiry someone else already acted on (cancelled, ended by the sweeper) is stale", async () => {
    const h = harness(task({ expiresAt: now }), { expire: async () => false });
    expect(await h.process(fakeJob({ taskId: id, n: 1 }).job)).toBe("stale");
  });

  it("before its expiry the task is called; a retry is never due after the expiry", async () => {
    const expiresAt = new Date(now.getTime() + 5_000);
    const h = harness(task({ expiresAt }));
    expect(await h.process(fakeJob({ taskId: id, n: 1 }).job)).toBe("retrying");
    expect(h.log).toContain("attempt 1");
    // The fixed retry delay is 60 s; the expiry 5 s away wins.
    expect(h.records[0]!.next.nextAttemptAt).toEqual(expiresAt);
  });

  it("a wait at the gate ends no later than the expiry", async () => {
    const expiresAt = new Date(now.getTime() + 5_000);
    const deferrals: Array<{ until: Date }> = [];
    const h = harness(task({ expiresAt }), {
      hosts: { enter: async () => ({ wait: { granted: false, reason: "open", until: now.getTime() + 600_000 } }), leave: () => undefined, hasRoom: async () => false, waitForRoom: async () => false },
      defer: async (d) => void deferrals.push(d),
    });
    const { job, moveToDelayed } = fakeJob({ taskId: id, n: 1 });
    await expect(h.process(job, "tok")).rejects.toBeInstanceOf(DelayedError);
    expect(deferrals[0]!.until).toEqual(expiresAt);
    expect(moveToDelayed).toHaveBeenCalledWith(expiresAt.getTime(), "tok");
  });
});
