import type { AlertEvent } from "../db/schema/alert-channels";
import type { Attempt } from "../db/schema/attempts";
import type { Task } from "../db/schema/tasks";
import { env } from "../env";
import { maskSecretQuery } from "./mask";

/** kkbida's placeholders, plus Bida's own (`lastStatus`, `lastError`, `consoleLink`, `event`, `headline`). */
export const placeholderNames = [
  "taskId",
  "url",
  "createTime",
  "lastModifiedDate",
  "sourceAppName",
  "targetAppName",
  "callCount",
  "limitCallCount",
  "lastStatus",
  "lastError",
  "consoleLink",
  "event",
  "headline",
] as const;
export type PlaceholderName = (typeof placeholderNames)[number];
export type PlaceholderValues = Record<PlaceholderName, string>;

export type AlertTask = Pick<
  Task,
  "id" | "url" | "createdAt" | "updatedAt" | "sourceApp" | "targetApp" | "attempts" | "maxAttempts" | "lastStatusCode" | "lastError"
>;
export type AlertAttempt = Pick<Attempt, "n" | "statusCode" | "error">;

export const taskConsoleLink = (taskId: string) => `${env.web.publicUrl}/tasks/${encodeURIComponent(taskId)}`;

/**
 * The values a template is filled with, read from the task as it is now (kkbida's were one attempt stale):
 * `callCount` counts the attempt that triggered the alert.
 */
export function placeholderValues(event: AlertEvent, task: AlertTask, lastAttempt?: AlertAttempt | null, locale = "en"): PlaceholderValues {
  const zh = locale === "zh-CN";
  // The attempt, when known, speaks for itself: its "no answer" must not show an older status of the task.
  const status = lastAttempt ? lastAttempt.statusCode : task.lastStatusCode;
  const error = lastAttempt ? lastAttempt.error : task.lastError;
  return {
    taskId: task.id,
    // Alerts land in chat rooms: a token in the query string must not.
    url: maskSecretQuery(task.url),
    createTime: formatTime(task.createdAt),
    lastModifiedDate: formatTime(task.updatedAt),
    sourceAppName: task.sourceApp || "-",
    targetAppName: task.targetApp || "-",
    callCount: String(task.attempts),
    limitCallCount: String(task.maxAttempts),
    lastStatus: status == null ? (zh ? "无应答" : "no answer") : String(status),
    lastError: error || "-",
    consoleLink: taskConsoleLink(task.id),
    event,
    headline: zh ? zhHeadline(event, task) : headline(event, task),
  };
}

function headline(event: AlertEvent, task: AlertTask): string {
  const host = hostOf(task.url);
  return event === "task.exhausted"
    ? `Callback to ${host} gave up after ${task.attempts} attempts`
    : `Callback to ${host} is failing: ${task.attempts} failed attempts so far`;
}

function zhHeadline(event: AlertEvent, task: AlertTask): string {
  const host = hostOf(task.url);
  return event === "task.exhausted" ? `回调 ${host} 已尝试 ${task.attempts} 次，放弃重试` : `回调 ${host} 持续失败：已失败 ${task.attempts} 次`;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** `2026-11-01 08:30:05` in the process's time zone (TZ), as kkbida printed its dates. */
export function formatTime(d: Date | null | undefined): string {
  if (!d) return "-";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
