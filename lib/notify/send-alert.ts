import type { Dispatcher } from "undici";
import type { ChannelKind } from "../db/schema/alert-channels";
import { userAgent } from "../delivery/build-request";
import { callTarget } from "../delivery/call-target";
import { finalFailures } from "../delivery/describe-error";
import { env } from "../env";
import { drivers } from "./channels";
import type { ChannelTarget, OutgoingAlert } from "./channels/types";

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  /** The platform's answer, at most 16 KiB of it. */
  response: string;
  error: string | null;
  retryable: boolean;
  durationMs: number;
  /** The body that was posted, for the alert log (a signature in it redacted). */
  requestBody: string;
}

const maxAnswerBytes = 16_384;

/** Posts one message to one channel and judges the platform's answer. Never throws for a failed call. */
export async function sendAlert(
  agent: Dispatcher,
  channel: ChannelTarget & { kind: ChannelKind },
  alert: OutgoingAlert,
  { timeoutMs = env.alerts.timeoutMs, now = new Date() }: { timeoutMs?: number; now?: Date } = {},
): Promise<SendResult> {
  const driver = drivers[channel.kind];
  const req = driver.build(channel, alert, now);
  const res = await callTarget(
    agent,
    { url: req.url, method: "POST", headers: { ...req.headers, "user-agent": userAgent }, body: req.body },
    { timeoutMs, maxBodyBytes: maxAnswerBytes },
  );
  // Feishu's sign stays valid for an hour: the log keeps the body without it.
  const requestBody = req.body.replace(/"sign":"[^"]*"/, '"sign":"[redacted]"');
  const base = { statusCode: res.statusCode, response: res.body, durationMs: res.durationMs, requestBody };

  // No answer at all (refused, reset, timed out): the channel may come back — unless the outbound policy refused it.
  if (res.statusCode === null || res.error) {
    return { ...base, ok: false, error: res.error ?? "no answer", retryable: res.failure === null || !finalFailures.includes(res.failure) };
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return { ...base, ...driver.judge(res.body) };
  const transient = res.statusCode >= 500 || res.statusCode === 408 || res.statusCode === 429;
  const detail = res.body.trim() ? `: ${res.body.trim().slice(0, 200)}` : "";
  return { ...base, ok: false, error: `HTTP ${res.statusCode}${detail}`, retryable: transient };
}
