import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Batcher } from "./batcher";

// Only the batcher's own timer is faked; setImmediate stays real, so `settled()` lets every pending promise run.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
});

const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A flush the test finishes by hand: each call is kept with the items it got and its own resolve/reject. */
function controlledFlush<In, Out>() {
  const calls: Array<{ items: In[]; resolve: (out: Out[]) => void; reject: (err: unknown) => void }> = [];
  const flush = (items: In[]) => new Promise<Out[]>((resolve, reject) => calls.push({ items, resolve, reject }));
  return { flush, calls };
}

/** Watches a promise: what it settled with, and when, relative to the others watched through the same log. */
function watch<T>(p: Promise<T>, log: string[], name: string) {
  const state: { status: "pending" | "fulfilled" | "rejected"; value?: T; error?: unknown } = { status: "pending" };
  p.then(
    (value) => {
      Object.assign(state, { status: "fulfilled", value });
      log.push(name);
    },
    (error) => {
      Object.assign(state, { status: "rejected", error });
      log.push(name);
    },
  );
  return state;
}

const double = async (items: number[]) => items.map((i) => i * 2);

describe("Batcher", () => {
  it("items added within maxWaitMs go in one flush, after maxWaitMs from the first", async () => {
    const flush = vi.fn(double);
    const b = new Batcher(flush, { maxWaitMs: 20, maxBatch: 100 });
    const a = b.add(1);
    await vi.advanceTimersByTimeAsync(8);
    const c = b.add(2);
    await vi.advanceTimersByTimeAsync(8);
    const d = b.add(3);
    expect(flush).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(4);
    expect(flush.mock.calls).toEqual([[[1, 2, 3]]]);
    expect(await Promise.all([a, c, d])).toEqual([2, 4, 6]);
    // The next item starts a new wait and a new batch.
    const e = b.add(4);
    await vi.advanceTimersByTimeAsync(20);
    expect(flush.mock.calls).toEqual([[[1, 2, 3]], [[4]]]);
    expect(await e).toBe(8);
  });

  it("maxBatch waiting items flush at once, without waiting for the timer", async () => {
    const flush = vi.fn(double);
    const b = new Batcher(flush, { maxWaitMs: 60_000, maxBatch: 3 });
    const first = [b.add(1), b.add(2)];
    expect(flush).not.toHaveBeenCalled();
    first.push(b.add(3));
    expect(flush.mock.calls).toEqual([[[1, 2, 3]]]);
    expect(await Promise.all(first)).toEqual([2, 4, 6]);
    // The fourth item waits for the timer again.
    const fourth = b.add(4);
    await settled();
    expect(flush).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(flush.mock.calls[1]).toEqual([[4]]);
    expect(await fourth).toBe(8);
  });

  it("a caller's promise settles only once its batch's flush has, with its own result, in order", async () => {
    const { flush, calls } = controlledFlush<string, string>();
    const b = new Batcher(flush, { maxWaitMs: 5, maxBatch: 100 });
    const log: string[] = [];
    const watched = ["a", "b", "c"].map((item) => watch(b.add(item), log, item));
    await vi.advanceTimersByTimeAsync(5);
    expect(calls.map((c) => c.items)).toEqual([["a", "b", "c"]]);
    await settled();
    expect(watched.map((w) => w.status)).toEqual(["pending", "pending", "pending"]);
    calls[0]!.resolve(["A", "B", "C"]);
    await settled();
    expect(watched.map((w) => w.value)).toEqual(["A", "B", "C"]);
    expect(log).toEqual(["a", "b", "c"]);
  });

  it("a failed flush rejects only its own batch; another batch in flight resolves normally", async () => {
    const { flush, calls } = controlledFlush<number, number>();
    const b = new Batcher(flush, { maxWaitMs: 5, maxBatch: 2 });
    const log: string[] = [];
    const watched = [1, 2, 3, 4].map((i) => watch(b.add(i), log, String(i)));
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4]]);
    // One more item, still waiting for its timer when the first flush fails.
    watched.push(watch(b.add(5), log, "5"));
    const down = new Error("MySQL went away");
    calls[0]!.reject(down);
    await settled();
    expect(watched.map((w) => w.status)).toEqual(["rejected", "rejected", "pending", "pending", "pending"]);
    expect(watched[0]!.error).toBe(down);
    expect(watched[1]!.error).toBe(down);
    calls[1]!.resolve([30, 40]);
    await settled();
    expect(watched.map((w) => w.status)).toEqual(["rejected", "rejected", "fulfilled", "fulfilled", "pending"]);
    expect(watched.slice(2, 4).map((w) => w.value)).toEqual([30, 40]);
    // The batcher carries on after a failure.
    await vi.advanceTimersByTimeAsync(5);
    expect(calls[2]!.items).toEqual([5]);
    calls[2]!.resolve([50]);
    await settled();
    expect(watched[4]).toEqual({ status: "fulfilled", value: 50 });
  });

  it("while every flush is busy, new items collect into a bigger next batch (still at most maxBatch)", async () => {
    const { flush, calls } = controlledFlush<number, number>();
    const b = new Batcher(flush, { maxWaitMs: 1, maxBatch: 4, maxConcurrentFlushes: 1 });
    const first = b.add(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    const later = [2, 3, 4, 5, 6].map((i) => b.add(i));
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve([10]);
    await settled();
    expect(await first).toBe(10);
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4, 5]]);
    calls[1]!.resolve([20, 30, 40, 50]);
    await settled();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4, 5], [6]]);
    calls[2]!.resolve([60]);
    expect(await Promise.all(later)).toEqual([20, 30, 40, 50, 60]);
  });

  it("maxConcurrentFlushes defaults to 4", async () => {
    const { flush, calls } = controlledFlush<number, number>();
    const b = new Batcher(flush, { maxWaitMs: 1, maxBatch: 1 });
    for (let i = 1; i <= 6; i++) void b.add(i);
    expect(calls.map((c) => c.items)).toEqual([[1], [2], [3], [4]]);
    calls[0]!.resolve([1]);
    await settled();
    expect(calls.map((c) => c.items)).toEqual([[1], [2], [3], [4], [5]]);
  });

  it("size counts the items waiting and the items being flushed", async () => {
    const { flush, calls } = controlledFlush<number, number>();
    const b = new Batcher(flush, { maxWaitMs: 5, maxBatch: 3, maxConcurrentFlushes: 1 });
    expect(b.size).toBe(0);
    const all = [b.add(1), b.add(2)];
    expect(b.size).toBe(2);
    all.push(b.add(3)); // a full batch: flushing now
    expect(calls).toHaveLength(1);
    expect(b.size).toBe(3);
    all.push(b.add(4), b.add(5)); // waiting behind the busy flush
    expect(b.size).toBe(5);
    calls[0]!.resolve([1, 2, 3]);
    await settled();
    expect(calls.map((c) => c.items)).toEqual([[1, 2, 3], [4, 5]]);
    expect(b.size).toBe(2);
    calls[1]!.resolve([4, 5]);
    await Promise.all(all);
    await settled();
    expect(b.size).toBe(0);
  });

  it("ends a batch at maxBytes (an item larger than that goes alone)", async () => {
    const flush = vi.fn(double);
    const b = new Batcher(flush, { maxWaitMs: 20, maxBatch: 100, maxBytes: 10, sizeOf: (n: number) => n });
    const all = Promise.all([b.add(4), b.add(4), b.add(4), b.add(30), b.add(1)]);
    await vi.advanceTimersByTimeAsync(20);
    await all;
    expect(flush.mock.calls).toEqual([[[4, 4]], [[4]], [[30]], [[1]]]);
  });

  it("on an error `isolate` accepts, flushes each item alone: only the bad one fails", async () => {
    const flush = vi.fn(async (items: number[]) => {
      if (items.includes(13)) throw new Error("refused");
      return items.map((i) => i * 2);
    });
    const b = new Batcher(flush, { maxWaitMs: 20, maxBatch: 100, isolate: () => true });
    const results = Promise.allSettled([b.add(1), b.add(13), b.add(3)]);
    await vi.advanceTimersByTimeAsync(20);
    expect((await results).map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(flush.mock.calls).toEqual([[[1, 13, 3]], [[1]], [[13]], [[3]]]);
  });

  it("an error `isolate` refuses still fails the whole batch, without retries", async () => {
    const flush = vi.fn(async () => {
      throw new Error("down");
    });
    const b = new Batcher<number, number>(flush, { maxWaitMs: 20, maxBatch: 100, isolate: () => false });
    const results = Promise.allSettled([b.add(1), b.add(2)]);
    await vi.advanceTimersByTimeAsync(20);
    expect((await results).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
