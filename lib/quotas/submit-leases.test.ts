import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Quotas } from "./client-quotas";
import { LEASE_MS, SubmitLeases } from "./submit-leases";

const q = (over: Partial<Quotas> = {}): Quotas => ({ submitsPerSecond: 100, submitBurst: 1000, openTasks: 10_000, attemptsPerMinute: 0, batchBytes: 1024, ...over });

describe("SubmitLeases", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks for nothing beyond a lone submit, then for what the client submitted lately, up to a tenth of its quotas", () => {
    const leases = new SubmitLeases(() => undefined);
    expect(leases.take(1, 1)).toBe(false);
    expect(leases.want(1, 1, q())).toBe(0);
    for (let i = 0; i < 50; i++) leases.take(1, 1);
    expect(leases.want(1, 1, q())).toBe(50);
    leases.granted(1, 0, 10_000);
    expect(leases.want(1, 1, q({ submitBurst: 300 }))).toBe(30);
    leases.granted(1, 0, 10_000);
    expect(leases.want(1, 1, q({ openTasks: 200 }))).toBe(20);
    leases.granted(1, 0, 10_000);
    // Small quotas are decided submit by submit.
    expect(leases.want(1, 1, q({ submitBurst: 9 }))).toBe(0);
  });

  it("one ask at a time wants a lease; the grant is spent, and its unspent part goes back after LEASE_MS", () => {
    const back = vi.fn();
    const leases = new SubmitLeases(back);
    for (let i = 0; i < 5; i++) leases.take(7, 1);
    expect(leases.want(7, 1, q())).toBe(4);
    expect(leases.want(7, 1, q())).toBe(0);
    leases.granted(7, 4, 10_000);
    expect(leases.take(7, 3)).toBe(true);
    expect(leases.take(7, 2)).toBe(false);
    vi.advanceTimersByTime(LEASE_MS);
    expect(back).toHaveBeenCalledWith(7, 1, 10_000);
    expect(leases.take(7, 1)).toBe(false);
  });
});
