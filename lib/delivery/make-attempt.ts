import type { Dispatcher } from "undici";
import type { Task } from "../db/schema/tasks";
import { retryAfterFor } from "./backoff";
import { buildRequest } from "./build-request";
import { callTarget, type CallResult } from "./call-target";
import { describeCallError, type CallFailure } from "./describe-error";
import { judge } from "./judge";
import { keepResponseHeaders } from "./response-headers";
import { signRequest } from "./sign-request";

export interface AttemptOutcome {
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  /** The answer as read, at most 64 KiB once encoded as UTF-8 (as MySQL stores it); null when no answer arrived. */
  responseExcerpt: string | null;
  /** Why the attempt failed, at most 1000 characters; null when it succeeded. */
  error: string | null;
  ok: boolean;
  /** The target's Retry-After (429/503 only, bounded to 1 h) when the attempt failed; null otherwise. */
  retryAfterMs: number | null;
  /** What kept an answer from arriving (lib/delivery/describe-error.ts); null when one arrived. */
  failure: CallFailure | null;
  /** The answer's headers, capped and masked (lib/delivery/response-headers.ts); null or absent without an answer. */
  responseHeaders?: Record<string, string> | null;
}

export interface AttemptOptions {
  /** The task's client's callback-signing keys, current first (worker/signing-keys.ts); none: unsigned. */
  signingKeys?: readonly Buffer[];
  /** Why the client's signing keys are unavailable: the attempt fails rather than go out unsigned. */
  signingError?: string;
}

export const maxExcerptBytes = 65_536;
const maxErrorChars = 1000;

/** Attempt `n` of a task: build the request, call, judge. Never throws: every failure is an outcome. */
export async function makeAttempt(agent: Dispatcher, task: Task, n: number, opts: AttemptOptions = {}): Promise<AttemptOutcome> {
  let result: CallResult;
  try {
    if (opts.signingError) throw new Error(opts.signingError);
    const req = signRequest(buildRequest(task, n), task.id, opts.signingKeys ?? []);
    result = await callTarget(agent, req, { timeoutMs: task.timeoutMs, maxBodyBytes: maxExcerptBytes });
  } catch (err) {
    // Only a row that slipped past validation gets here (say, a URL edited by hand); it fails like a bad answer.
    result = { startedAt: new Date(), durationMs: 0, statusCode: null, headers: {}, body: "", truncated: false, error: `cannot build the request: ${describeCallError(err)}`, failure: "request" };
  }
  const verdict = judge(task.expect, result);
  return {
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    statusCode: result.statusCode,
    responseExcerpt: result.statusCode === null && result.body === "" ? null : cutUtf8(result.body, maxExcerptBytes),
    error: verdict.error === null ? null : truncate(verdict.error, maxErrorChars),
    ok: verdict.ok,
    retryAfterMs: verdict.ok ? null : retryAfterFor(result),
    failure: result.failure,
    responseHeaders: keepResponseHeaders(result.headers, result.statusCode !== null),
  };
}

/** The outcome of an attempt that failed before any call was made (say, a client's TLS key that cannot be opened). */
export function failedBeforeCall(error: string, failure: CallFailure): AttemptOutcome {
  return { startedAt: new Date(), durationMs: 0, statusCode: null, responseExcerpt: null, error: truncate(error, maxErrorChars), ok: false, retryAfterMs: null, failure };
}

/**
 * At most `maxBytes` of UTF-8, cut between characters. 64 KiB read in GBK decode to up to ~96 KiB of UTF-8 (and
 * bytes invalid in the declared charset to 192 KiB of U+FFFD), which is what the attempt row and its group commit
 * then carry.
 */
function cutUtf8(text: string, maxBytes: number): string {
  // Each UTF-16 unit is at most 3 bytes of UTF-8: a short text needs no encoding to know it fits.
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const cut = Buffer.from(text, "utf8").subarray(0, maxBytes).toString("utf8");
  // A character cut in two decodes to a U+FFFD of 3 bytes at the end; drop it.
  return Buffer.byteLength(cut, "utf8") > maxBytes ? cut.slice(0, -1) : cut;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
