import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { and, eq } from "drizzle-orm";
import type { Dispatcher } from "undici";
import type { AppContext } from "@/lib/context";
import type { Db } from "@/lib/db/client";
import type { AlertChannel } from "@/lib/db/schema/alert-channels";
import { attempts } from "@/lib/db/schema/attempts";
import { tasks } from "@/lib/db/schema/tasks";
import { logAlert, logAlertFailed, logSendResult, linkFolded } from "@/lib/notify/alert-log";
import { taskAlert } from "@/lib/notify/build-alert";
import { enabledChannels } from "@/lib/notify/channel-cache";
import { claimWindow, foldAlert, holdWindow, takeFolded } from "@/lib/notify/flood-control";
import { TemplateError } from "@/lib/notify/render-message";
import { sendAlert, type SendResult } from "@/lib/notify/send-alert";
import { summaryAlert } from "@/lib/notify/summary";
import type { WorkerMetrics } from "@/lib/metrics/worker-metrics";
import { alertJobSchema, enqueueSummary, type AlertJob, type AlertQueue, type SummaryJob, type TaskAlertJob } from "@/lib/queue/alert-queue";

export interface AlertDeps {
  ctx: AppContext;
  agent: Dispatcher;
  queue: AlertQueue;
  /** Counts each send by channel kind and result (lib/metrics/worker-metrics.ts). */
  metrics?: Pick<WorkerMetrics, "alertSends">;
}

type Outcome = "sent" | "folded" | "dropped" | "failed" | "nothing folded";

/**
 * Alert jobs: a task's alert either takes the channel's flood-control window and is sent, or is folded into the
 * window's summary; a summary job sends one message for everything folded. Every try is logged in `alerts`;
 * failed sends are retried by BullMQ (ALERT_ATTEMPTS, exponential backoff), refusals that cannot pass later
 * (bad signature, unknown robot) are not.
 */
export function createAlertProcessor(deps: AlertDeps) {
  return async (job: Job<AlertJob>, token?: string): Promise<Outcome> => {
    const data = alertJobSchema.parse(job.data);
    // Disabled or deleted channels drop out of this list within ALERT_CHANNEL_CACHE_MS.
    const channel = (await enabledChannels(deps.ctx.db)).find((c) => c.id === data.channelId);
    return data.kind === "alert" ? taskAlertJob(deps, job, data, channel) : summaryJob(deps, job, token, data, channel);
  };
}

async function taskAlertJob(deps: AlertDeps, job: Job<AlertJob>, data: TaskAlertJob, channel: AlertChannel | undefined): Promise<Outcome> {
  const { db, redis } = deps.ctx;
  if (!channel) {
    if (data.alertId !== undefined) await logAlertFailed(db, data.alertId, "the channel was disabled or deleted");
    return "dropped";
  }
  const token = windowToken(job);
  let { alertId, granted } = data;
  if (alertId === undefined) {
    // Decide first, so the log row is written once, already as what it is (one commit per alert in a flood).
    granted = await claimWindow(redis, channel.id, token);
    alertId = await logAlert(db, { channelId: channel.id, taskId: data.taskId, event: data.event, status: granted ? "pending" : "folded" });
    await job.updateData({ ...data, alertId, granted });
  }
  if (!granted) {
    // Also the way back in for a retry after a Redis hiccup: the summary counts each alert once.
    const { window, waitMs } = await foldAlert(redis, channel.id, { alertId, taskId: data.taskId, host: data.host, event: data.event, at: Date.now() });
    await enqueueSummary(deps.queue, channel.id, window, waitMs);
    return "folded";
  }

  const { task, attempt } = await loadTaskAndAttempt(db, data.taskId, data.n);
  if (!task) {
    await logAlertFailed(db, alertId, "the task no longer exists");
    return "dropped";
  }
  let alert;
  try {
    alert = taskAlert(channel, data.event, task, attempt, `alert_${alertId}`);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    await logAlertFailed(db, alertId, err.message);
    return "failed";
  }
  const result = await sendAlert(deps.agent, channel, alert);
  deps.metrics?.alertSends.inc({ kind: channel.kind, result: result.ok ? "sent" : "failed" });
  await holdWindow(redis, channel.id, token);
  return settle(db, job, alertId, result);
}

const windowToken = (job: Job<AlertJob>) => `w${job.id}`;

async function summaryJob(deps: AlertDeps, job: Job<AlertJob>, token: string | undefined, data: SummaryJob, channel: AlertChannel | undefined): Promise<Outcome> {
  const { db, redis } = deps.ctx;
  if (!channel) return "dropped";
  let { entries, alertId, window } = data;
  if (!entries || alertId === undefined || !window) {
    window = `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const taken = await takeFolded(redis, channel.id, window);
    if (taken.state === "empty") return "nothing folded";
    if (taken.state === "busy") {
      // Someone's single alert holds the window: come back when it ends (not counted as a try).
      await job.moveToDelayed(Date.now() + taken.waitMs + 20, token);
      throw new DelayedError();
    }
    entries = taken.entries;
    alertId = await logAlert(db, { channelId: channel.id, taskId: null, event: "summary" });
    await job.updateData({ ...data, entries, alertId, window });
    await linkFolded(db, alertId, entries.map((e) => e.alertId));
  }
  const result = await sendAlert(deps.agent, channel, summaryAlert(channel, entries, `alert_${alertId}`));
  deps.metrics?.alertSends.inc({ kind: channel.kind, result: result.ok ? "sent" : "failed" });
  await holdWindow(redis, channel.id, window);
  return settle(db, job, alertId, result);
}

/** Logs the try and turns a failure into BullMQ's retry (Error) or no retry (UnrecoverableError). */
async function settle(db: Db, job: Job<AlertJob>, alertId: number, result: SendResult): Promise<Outcome> {
  const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const status = result.ok ? "sent" : !result.retryable || lastTry ? "failed" : "pending";
  await logSendResult(db, alertId, result, status);
  if (result.ok) return "sent";
  if (!result.retryable) throw new UnrecoverableError(result.error ?? "the platform refused the message");
  throw new Error(result.error ?? "the message was not delivered");
}

async function loadTaskAndAttempt(db: Db, taskId: string, n: number) {
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId)).limit(1);
  if (!task) return { task: null, attempt: null };
  const [attempt] = await db.select().from(attempts).where(and(eq(attempts.taskId, taskId), eq(attempts.n, n))).limit(1);
  return { task, attempt: attempt ?? null };
}
