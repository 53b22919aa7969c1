import type { ChannelKind, MessageFormat } from "../db/schema/alert-channels";

export { alertLocales, type AlertLocale } from "./alert-locales";

// What a channel sends when its template is empty. Each names the task, target, attempts, last status and
// error, and links to the task in the console.
const text = [
  "[Bida] ${headline}",
  "Task: ${taskId}",
  "URL: ${url}",
  "Source → target: ${sourceAppName} → ${targetAppName}",
  "Attempts: ${callCount}/${limitCallCount}",
  "Last status: ${lastStatus}",
  "Last error: ${lastError}",
  "Created: ${createTime}",
  "Console: ${consoleLink}",
].join("\n");

const markdown = [
  "#### ${headline}",
  "- **Task:** ${taskId}",
  "- **URL:** ${url}",
  "- **Source → target:** ${sourceAppName} → ${targetAppName}",
  "- **Attempts:** ${callCount}/${limitCallCount}",
  "- **Last status:** ${lastStatus}",
  "- **Last error:** ${lastError}",
  "- **Created:** ${createTime}",
  "",
  "[Open in the console](${consoleLink})",
].join("\n");

// Slack's mrkdwn has its own bold and link syntax.
const slackMarkdown = [
  "*${headline}*",
  "• *Task:* ${taskId}",
  "• *URL:* ${url}",
  "• *Source → target:* ${sourceAppName} → ${targetAppName}",
  "• *Attempts:* ${callCount}/${limitCallCount}",
  "• *Last status:* ${lastStatus}",
  "• *Last error:* ${lastError}",
  "• *Created:* ${createTime}",
  "<${consoleLink}|Open in the console>",
].join("\n");

// kkbida's own alert text (test/fixtures/kkbida-alert-template.json), word for word: Chinese teams moving from
// kkbida keep the message their chat rooms already know. Sent as text in the platform's envelope, so DingTalk's
// signing and @mentions still apply.
export const kkbidaText =
  "回调异常，taskId：${taskId}，url：${url}，发起时间：${createTime}，源服务名：${sourceAppName}，目标服务名：${targetAppName}，已达到最大重试次数：${limitCallCount}";

const zhText = [
  "【Bida】${headline}",
  "任务：${taskId}",
  "URL：${url}",
  "来源 → 目标：${sourceAppName} → ${targetAppName}",
  "尝试次数：${callCount}/${limitCallCount}",
  "最后状态：${lastStatus}",
  "最后错误：${lastError}",
  "创建时间：${createTime}",
  "控制台：${consoleLink}",
].join("\n");

const zhMarkdown = [
  "#### ${headline}",
  "- **任务：** ${taskId}",
  "- **URL：** ${url}",
  "- **来源 → 目标：** ${sourceAppName} → ${targetAppName}",
  "- **尝试次数：** ${callCount}/${limitCallCount}",
  "- **最后状态：** ${lastStatus}",
  "- **最后错误：** ${lastError}",
  "- **创建时间：** ${createTime}",
  "",
  "[在控制台中打开](${consoleLink})",
].join("\n");

const zhSlackMarkdown = [
  "*${headline}*",
  "• *任务：* ${taskId}",
  "• *URL：* ${url}",
  "• *来源 → 目标：* ${sourceAppName} → ${targetAppName}",
  "• *尝试次数：* ${callCount}/${limitCallCount}",
  "• *最后状态：* ${lastStatus}",
  "• *最后错误：* ${lastError}",
  "• *创建时间：* ${createTime}",
  "<${consoleLink}|在控制台中打开>",
].join("\n");

export function defaultTemplate(kind: ChannelKind, format: MessageFormat, locale: string = "en"): string {
  if (locale === "zh-CN") {
    if (format === "text") return kind === "dingtalk" || kind === "wecom" ? kkbidaText : zhText;
    return kind === "slack" ? zhSlackMarkdown : zhMarkdown;
  }
  if (format === "text") return text;
  return kind === "slack" ? slackMarkdown : markdown;
}

// Bida's alerts about itself (lib/notify/self-alerts): what happened, when, which worker saw it, where to look.
// The channel's own template names a task, so these are used for every chat kind.
const selfText = ["[Bida] ${headline}", "${details}", "Seen by: ${worker} at ${time}", "Console: ${consoleLink}"].join("\n");

const selfMarkdown = ["#### ${headline}", "${details}", "", "Seen by ${worker} at ${time}", "", "[Open in the console](${consoleLink})"].join("\n");

const selfSlackMarkdown = ["*${headline}*", "${details}", "Seen by ${worker} at ${time}", "<${consoleLink}|Open in the console>"].join("\n");

export const selfAlertPlaceholders = ["headline", "details", "worker", "time", "consoleLink"] as const;

export function selfAlertTemplate(kind: ChannelKind, format: MessageFormat): string {
  if (format === "text") return selfText;
  return kind === "slack" ? selfSlackMarkdown : selfMarkdown;
}
