import type { RetryPolicy } from "../db/schema/tasks";
import { env } from "../env";
import type { CallResult } from "./call-target";

/** The longest wait a target may ask for with Retry-After. */
export const maxRetryAfterMs = 3_600_000;

export interface DelayOptions {
  /** The target's Retry-After, already bounded (see retryAfterFor); it replaces the policy's delay. */
  retryAfterMs?: number | null;
  random?: () => number;
}

/**
 * How long to wait after attempt `n` (1-based) failed.
 *
 * - No policy: the server default, exponential from RETRY_BASE_MS doubling to RETRY_MAX_MS, ±RETRY_JITTER.
 * - `fixed`: exactly delayMs, no jitter (callers who choose a fixed interval want that interval).
 * - `exponential`: delayMs·2^(n-1) capped at maxDelayMs, ±RETRY_JITTER, and never above maxDelayMs after jitter.
 * - A Retry-After from the target wins over the policy: the target knows when it will be ready, sooner or later.
 */
export function nextDelayMs(policy: RetryPolicy | null, n: number, opts: DelayOptions = {}): number {
  if (opts.retryAfterMs != null) return Math.round(opts.retryAfterMs);
  const p = policy ?? { strategy: "exponential", delayMs: env.delivery.retryBaseMs, maxDelayMs: env.delivery.retryMaxMs };
  if (p.strategy === "fixed") return p.delayMs;
  // Capping the exponent first keeps 2^(n-1) finite for any n; the cap is reached long before 2^40.
  const raw = Math.min(p.delayMs * 2 ** Math.min(Math.max(n - 1, 0), 40), p.maxDelayMs);
  const spread = env.delivery.retryJitter * (2 * (opts.random ?? Math.random)() - 1);
  return Math.round(Math.min(Math.max(raw * (1 + spread), 0), p.maxDelayMs));
}

/** Milliseconds to wait from a Retry-After value: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null if neither. */
export function parseRetryAfter(header: string | string[] | undefined | null, now: Date | number = Date.now()): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // All three HTTP date forms start with a day name and carry hh:mm:ss; Date.parse alone accepts nonsense like "1.5".
  // asctime dates carry no zone but mean GMT; V8 would read them as local time.
  const at = httpDate.test(value) ? Date.parse(/GMT|UTC/i.test(value) ? value : `${value} GMT`) : NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(at - Number(now), 0);
}

const httpDate = /^[A-Za-z]{3,9},? .*\b\d{2}:\d{2}:\d{2}\b/;

/** The Retry-After to honour for this answer: only on 429 and 503, bounded to [0, 1 h]. */
export function retryAfterFor(result: Pick<CallResult, "statusCode" | "headers">, now: Date | number = Date.now()): number | null {
  if (result.statusCode !== 429 && result.statusCode !== 503) return null;
  const ms = parseRetryAfter(result.headers["retry-after"], now);
  return ms === null ? null : Math.min(ms, maxRetryAfterMs);
}
