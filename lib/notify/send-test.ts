import type { Dispatcher } from "undici";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { logAlert, logAlertFailed, logSendResult } from "./alert-log";
import { taskAlert } from "./build-alert";
import { getChannel } from "./get-channel";
import { TemplateError } from "./render-message";
import { sampleAttempt, sampleTask } from "./sample-task";
import { sendAlert } from "./send-alert";

export interface TestResult {
  ok: boolean;
  alertId: number;
  statusCode: number | null;
  /** The platform's answer as it came. */
  response: string;
  /** For DingTalk, WeCom and Feishu: the errcode and errmsg when the code is not 0. */
  error: string | null;
  durationMs: number;
}

/**
 * "Send test": posts the channel's own template, filled from a made-up failed task, right now (not through the
 * queue, no flood control), so the operator sees the platform's answer at once. Logged like any alert.
 */
export async function sendTestAlert(db: Db, agent: Dispatcher, { id, actor }: { id: number; actor: string }): Promise<TestResult> {
  const channel = await getChannel(db, { id });
  await recordAudit(db, { actor, action: "channel.test", objectType: "alert_channel", objectId: String(id), details: { name: channel.name } });
  const alertId = await logAlert(db, { channelId: channel.id, taskId: null, event: "test" });
  let alert;
  try {
    alert = taskAlert(channel, "test", sampleTask(), sampleAttempt(), `test_${alertId}`);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    await logAlertFailed(db, alertId, err.message);
    return { ok: false, alertId, statusCode: null, response: "", error: err.message, durationMs: 0 };
  }
  const result = await sendAlert(agent, channel, alert);
  await logSendResult(db, alertId, result, result.ok ? "sent" : "failed");
  return { ok: result.ok, alertId, statusCode: result.statusCode, response: result.response, error: result.error, durationMs: result.durationMs };
}
