import type { RenderedMessage } from "../render-message";

export interface OutgoingAlert {
  /** Stable across retries of one message (the Standard Webhooks id), so a receiver can drop duplicates. */
  id: string;
  /** What chat kinds post. */
  message: RenderedMessage;
  /** What the generic webhook posts: `{event, task, lastAttempt}` or a summary. */
  payload: Record<string, unknown>;
}

export interface ChannelTarget {
  url: string;
  secret: string | null;
}

export interface BuiltRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Verdict {
  ok: boolean;
  /** Why the platform refused, in its own words where it gave them (errmsg). */
  error: string | null;
  /** A refusal that may pass later (rate limit, server error), as opposed to a bad URL or signature. */
  retryable: boolean;
}

export interface ChannelDriver {
  build(target: ChannelTarget, alert: OutgoingAlert, now: Date): BuiltRequest;
  /** Judges a 2xx answer; other statuses are judged the same way for every kind (see send-alert.ts). */
  judge(body: string): Verdict;
}

export const jsonHeaders = { "content-type": "application/json; charset=utf-8" };
