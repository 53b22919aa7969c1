import type { Dispatcher } from "undici";
import type { Db } from "../../db/client";
import type { AlertChannel, SelfAlertEvent } from "../../db/schema/alert-channels";
import { env } from "../../env";
import { logger } from "../../logger";
import { withTimeout } from "../../with-timeout";
import { logAlert, logSendResult } from "../alert-log";
import { sendAlert, type SendResult } from "../send-alert";
import { selfAlertMessage, type SelfNotice } from "./message";

const tries = 3;
const retryDelayMs = 1_000;

/**
 * Posts straight to each channel that chose the event — not through the alert queue, which lives in Redis, the very
 * store a self-alert may be about. A few quick retries stand in for the queue's; each message is logged in the alert
 * log when MySQL answers (during a MySQL outage only the worker's own log has it).
 */
export async function sendSelfAlerts(
  deps: { db: Db; agent: Dispatcher; worker: string },
  channels: AlertChannel[],
  event: SelfAlertEvent,
  notices: SelfNotice[],
): Promise<number> {
  const chosen = channels.filter((c) => c.events.includes(event));
  const sent = await Promise.all(chosen.map((channel) => sendOne(deps, channel, event, notices)));
  return sent.filter(Boolean).length;
}

async function sendOne(deps: { db: Db; agent: Dispatcher; worker: string }, channel: AlertChannel, event: SelfAlertEvent, notices: SelfNotice[]): Promise<boolean> {
  const quick = env.selfAlerts.probeTimeoutMs;
  const alertId = await withTimeout(logAlert(deps.db, { channelId: channel.id, taskId: null, event }), quick, "alert log").catch(() => null);
  const id = alertId ? `alert_${alertId}` : `self_${Date.now().toString(36)}_${channel.id}`;
  const alert = selfAlertMessage(channel, event, notices, { id, worker: deps.worker });
  let result: SendResult | null = null;
  for (let n = 1; n <= tries; n++) {
    result = await sendAlert(deps.agent, channel, alert);
    const last = result.ok || !result.retryable || n === tries;
    if (alertId) await withTimeout(logSendResult(deps.db, alertId, result, result.ok ? "sent" : last ? "failed" : "pending"), quick, "alert log").catch(() => undefined);
    if (last) break;
    await new Promise((r) => setTimeout(r, retryDelayMs * n));
  }
  if (!result!.ok) logger.warn({ channel: channel.name, event, err: result!.error }, "self-alert not delivered");
  else logger.info({ channel: channel.name, event, headline: notices.map((n) => n.headline) }, "self-alert sent");
  return result!.ok;
}
