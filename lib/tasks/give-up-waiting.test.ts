import { describe, expect, it } from "vitest";
import { openCircuitBudgetMs } from "./give-up-waiting";

describe("openCircuitBudgetMs: how long a task may wait on an open circuit", () => {
  it("is what its remaining attempts would have taken: each delay of its policy plus each call's timeout", () => {
    const fixed = { strategy: "fixed" as const, delayMs: 1_000, maxDelayMs: 1_000 };
    // Attempts 3 and 4 are left after 2 made (of 4): delays after attempts 3 only count between remaining calls.
    expect(openCircuitBudgetMs({ attempts: 2, maxAttempts: 4, retry: fixed, timeoutMs: 500 })).toBe(500 + (1_000 + 500));
    expect(openCircuitBudgetMs({ attempts: 0, maxAttempts: 3, retry: fixed, timeoutMs: 100 })).toBe(100 + 2 * (1_000 + 100));
  });

  it("is at least one call's timeout, even for a task with no attempt left to retry", () => {
    expect(openCircuitBudgetMs({ attempts: 0, maxAttempts: 1, retry: null, timeoutMs: 2_000 })).toBe(2_000);
  });

  it("never exceeds HOST_WAIT_MAX_MS", () => {
    const slow = { strategy: "fixed" as const, delayMs: 3_600_000, maxDelayMs: 3_600_000 };
    expect(openCircuitBudgetMs({ attempts: 0, maxAttempts: 100, retry: slow, timeoutMs: 10_000 })).toBe(24 * 3_600_000);
  });
});
