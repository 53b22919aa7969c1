import { describe, expect, it } from "vitest";
import { createTurnBatcher } from "./turn-batcher";

describe("the turn batcher", () => {
  it("hands the calls of one turn to one flush, in order, and a later call to the next", async () => {
    const flushes: number[][] = [];
    const double = createTurnBatcher<number, number>(async (xs) => {
      flushes.push(xs);
      return xs.map((x) => x * 2);
    }, 100);
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(flushes).toEqual([[1, 2, 3], [4]]);
  });

  it("splits a turn's calls at the batch size", async () => {
    const sizes: number[] = [];
    const echo = createTurnBatcher<number, number>(async (xs) => (sizes.push(xs.length), xs), 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map(echo))).toEqual([1, 2, 3, 4, 5]);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("rejects the calls of a flush that fails, and only those", async () => {
    let n = 0;
    const flaky = createTurnBatcher<string, string>(async (xs) => {
      if (n++ === 0) throw new Error("down");
      return xs;
    }, 10);
    const first = await Promise.allSettled([flaky("a"), flaky("b")]);
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await flaky("c")).toBe("c");
  });
});
