import { describe, expect, it } from "vitest";
import { env } from "../env";
import type { CallResult } from "./call-target";
import { nextDelayMs, parseRetryAfter, retryAfterFor } from "./backoff";

const mid = () => 0.5; // no jitter
const low = () => 0; // -jitter
const high = () => 0.999999; // +jitter (just under)

describe("nextDelayMs", () => {
  // The server default comes from the environment (10 s, 1 h and 20% unless overridden), so expectations do too.
  const { retryBaseMs: base, retryMaxMs: cap, retryJitter: jitter } = env.delivery;

  it("defaults to exponential from RETRY_BASE_MS, doubling, capped at RETRY_MAX_MS", () => {
    const delays = [1, 2, 3, 4, 60].map((n) => nextDelayMs(null, n, { random: mid }));
    expect(delays).toEqual([base, base * 2, base * 4, base * 8, cap].map((d) => Math.min(d, cap)));
  });

  it("spreads the default by ±RETRY_JITTER and never goes above the cap", () => {
    expect(nextDelayMs(null, 1, { random: low })).toBe(Math.round(Math.min(base, cap) * (1 - jitter)));
    expect(nextDelayMs(null, 1, { random: high })).toBe(Math.round(Math.min(base * (1 + jitter), cap)));
    expect(nextDelayMs(null, 60, { random: high })).toBe(cap);
    expect(nextDelayMs(null, 60, { random: low })).toBe(Math.round(cap * (1 - jitter)));
  });

  it("uses exactly the fixed interval", () => {
    const fixed = { strategy: "fixed" as const, delayMs: 60_000, maxDelayMs: 60_000 };
    expect([1, 2, 7].map((n) => nextDelayMs(fixed, n, { random: high }))).toEqual([60_000, 60_000, 60_000]);
  });

  it("follows a task's exponential policy with jitter inside its cap", () => {
    const policy = { strategy: "exponential" as const, delayMs: 100, maxDelayMs: 500 };
    expect([1, 2, 3, 4].map((n) => nextDelayMs(policy, n, { random: mid }))).toEqual([100, 200, 400, 500]);
    expect(nextDelayMs(policy, 3, { random: high })).toBe(480);
    expect(nextDelayMs(policy, 3, { random: low })).toBe(320);
    expect(nextDelayMs(policy, 4, { random: high })).toBe(500);
    for (let i = 0; i < 1000; i++) {
      const d = nextDelayMs(policy, 1 + (i % 6));
      expect(d).toBeGreaterThanOrEqual(80);
      expect(d).toBeLessThanOrEqual(500);
    }
  });

  it("lets the target's Retry-After replace the policy", () => {
    expect(nextDelayMs(null, 1, { retryAfterMs: 2_000, random: high })).toBe(2_000);
    expect(nextDelayMs({ strategy: "fixed", delayMs: 100, maxDelayMs: 100 }, 1, { retryAfterMs: 30_000 })).toBe(30_000);
    expect(nextDelayMs(null, 1, { retryAfterMs: null, random: mid })).toBe(Math.min(base, cap));
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("Sun, 06 Nov 1994 08:49:37 GMT");

  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(["5", "9"], now)).toBe(5_000);
  });

  it("reads all three HTTP date forms, in GMT", () => {
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:50:37 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Sunday, 06-Nov-94 08:50:37 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Sun Nov  6 08:50:37 1994", now)).toBe(60_000);
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", new Date(now))).toBe(0);
  });

  it("ignores what is neither", () => {
    for (const bad of [undefined, null, "", "soon", "1.5", "-3", "5 minutes"]) expect(parseRetryAfter(bad, now)).toBeNull();
  });
});

describe("retryAfterFor", () => {
  const result = (statusCode: number, retryAfter?: string): Pick<CallResult, "statusCode" | "headers"> => ({
    statusCode,
    headers: retryAfter === undefined ? {} : { "retry-after": retryAfter },
  });

  it("honours Retry-After on 429 and 503 only", () => {
    expect(retryAfterFor(result(429, "3"))).toBe(3_000);
    expect(retryAfterFor(result(503, "7"))).toBe(7_000);
    expect(retryAfterFor(result(500, "3"))).toBeNull();
    expect(retryAfterFor(result(200, "3"))).toBeNull();
    expect(retryAfterFor(result(429))).toBeNull();
  });

  it("bounds it to one hour", () => {
    expect(retryAfterFor(result(429, "86400"))).toBe(3_600_000);
    const now = Date.parse("Sun, 06 Nov 1994 08:49:37 GMT");
    expect(retryAfterFor(result(503, "Mon, 07 Nov 1994 08:49:37 GMT"), now)).toBe(3_600_000);
    expect(retryAfterFor(result(503, "Sat, 05 Nov 1994 08:49:37 GMT"), now)).toBe(0);
  });
});
