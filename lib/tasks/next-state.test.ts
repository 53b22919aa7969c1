import { describe, expect, it } from "vitest";
import type { RetryPolicy } from "../db/schema/tasks";
import type { AttemptOutcome } from "../delivery/make-attempt";
import { env } from "../env";
import { nextState } from "./next-state";

const now = new Date("2025-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(now.getTime() + ms);

const ok: AttemptOutcome = { startedAt: now, durationMs: 12, statusCode: 200, responseExcerpt: "ok", error: null, ok: true, retryAfterMs: null, failure: null };
const failed = (over: Partial<AttemptOutcome> = {}): AttemptOutcome => ({ ...ok, statusCode: 500, responseExcerpt: "boom", error: "HTTP 500", ok: false, ...over });

const fixed: RetryPolicy = { strategy: "fixed", delayMs: 60_000, maxDelayMs: 60_000 };
const exponential: RetryPolicy = { strategy: "exponential", delayMs: 1_000, maxDelayMs: 5_000 };

describe("nextState", () => {
  it("a success: succeeded, finished now, nothing more due, no error", () => {
    expect(nextState({ maxAttempts: 3, retry: fixed }, 2, ok, now)).toEqual({
      status: "succeeded",
      attempts: 2,
      nextAttemptAt: null,
      finishedAt: now,
      lastStatusCode: 200,
      lastError: null,
    });
  });

  it("a refusal by the outbound policy fails the task at once, with its budget left: it would only be refused again", () => {
    const refused = failed({ statusCode: null, responseExcerpt: null, error: "target address 10.0.0.1 (ten.test) is denied by the outbound policy: private range", failure: "policy" });
    expect(nextState({ maxAttempts: 10, retry: fixed }, 1, refused, now)).toEqual({
      status: "failed",
      attempts: 1,
      nextAttemptAt: null,
      finishedAt: now,
      lastStatusCode: null,
      lastError: refused.error,
    });
    for (const failure of ["connect", "timeout", "tls", "protocol", "request", "other"] as const) {
      expect(nextState({ maxAttempts: 10, retry: fixed }, 1, failed({ statusCode: null, failure }), now).status, failure).toBe("retrying");
    }
  });

  it("a success on the last attempt of the budget is still a success", () => {
    expect(nextState({ maxAttempts: 3, retry: null }, 3, ok, now).status).toBe("succeeded");
  });

  it("a failure below the budget: retrying after the task's fixed delay", () => {
    for (const n of [1, 2]) {
      expect(nextState({ maxAttempts: 3, retry: fixed }, n, failed(), now)).toEqual({
        status: "retrying",
        attempts: n,
        nextAttemptAt: at(60_000),
        finishedAt: null,
        lastStatusCode: 500,
        lastError: "HTTP 500",
      });
    }
  });

  it("a failure below the budget on an exponential policy: doubling, within ±RETRY_JITTER and the cap", () => {
    const jitter = env.delivery.retryJitter;
    for (const [n, raw] of [[1, 1_000], [2, 2_000], [3, 4_000], [4, 5_000], [9, 5_000]] as const) {
      for (let i = 0; i < 50; i++) {
        const next = nextState({ maxAttempts: 10, retry: exponential }, n, failed(), now);
        expect(next.status).toBe("retrying");
        const delay = next.nextAttemptAt!.getTime() - now.getTime();
        expect(delay).toBeGreaterThanOrEqual(Math.round(raw * (1 - jitter)));
        expect(delay).toBeLessThanOrEqual(Math.min(Math.round(raw * (1 + jitter)), exponential.maxDelayMs));
      }
    }
  });

  it("no policy: the server's default schedule, within its jitter", () => {
    const { retryBaseMs: base, retryMaxMs: cap, retryJitter: jitter } = env.delivery;
    const delay = nextState({ maxAttempts: 3, retry: null }, 1, failed(), now).nextAttemptAt!.getTime() - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(Math.round(Math.min(base, cap) * (1 - jitter)));
    expect(delay).toBeLessThanOrEqual(Math.min(Math.round(base * (1 + jitter)), cap));
  });

  it("a failure at the budget: failed, finished now, nothing more due", () => {
    expect(nextState({ maxAttempts: 3, retry: fixed }, 3, failed({ statusCode: 418, error: "HTTP 418" }), now)).toEqual({
      status: "failed",
      attempts: 3,
      nextAttemptAt: null,
      finishedAt: now,
      lastStatusCode: 418,
      lastError: "HTTP 418",
    });
  });

  it("a failure past the budget (n above maxAttempts) is failed too", () => {
    expect(nextState({ maxAttempts: 3, retry: fixed }, 4, failed(), now).status).toBe("failed");
  });

  it("a target's Retry-After replaces the policy's delay, sooner or later", () => {
    expect(nextState({ maxAttempts: 3, retry: fixed }, 1, failed({ statusCode: 503, retryAfterMs: 2_000 }), now).nextAttemptAt).toEqual(at(2_000));
    expect(nextState({ maxAttempts: 3, retry: fixed }, 1, failed({ statusCode: 429, retryAfterMs: 600_000 }), now).nextAttemptAt).toEqual(at(600_000));
    // No jitter on it either: the target said when.
    expect(nextState({ maxAttempts: 10, retry: exponential }, 3, failed({ statusCode: 503, retryAfterMs: 7_000 }), now).nextAttemptAt).toEqual(at(7_000));
    expect(nextState({ maxAttempts: 3, retry: null }, 1, failed({ statusCode: 503, retryAfterMs: 0 }), now).nextAttemptAt).toEqual(at(0));
  });

  it("a Retry-After does not stretch the budget: the last attempt still fails", () => {
    expect(nextState({ maxAttempts: 3, retry: fixed }, 3, failed({ statusCode: 503, retryAfterMs: 2_000 }), now)).toMatchObject({ status: "failed", nextAttemptAt: null });
  });

  it("carries a failure without an answer (no status code)", () => {
    const next = nextState({ maxAttempts: 3, retry: fixed }, 1, failed({ statusCode: null, responseExcerpt: null, error: "connection refused" }), now);
    expect(next).toMatchObject({ status: "retrying", lastStatusCode: null, lastError: "connection refused" });
  });
});
