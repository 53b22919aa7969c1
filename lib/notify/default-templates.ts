import type { ChannelKind, MessageFormat } from "../db/schema/alert-channels";

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

export function defaultTemplate(kind: ChannelKind, format: MessageFormat): string {
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
