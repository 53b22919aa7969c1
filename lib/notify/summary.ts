import type { MessageFormat, ChannelKind } from "../db/schema/alert-channels";
import { env } from "../env";
import type { FoldEntry } from "../queue/alert-queue";
import type { OutgoingAlert } from "./channels/types";
import { escapeMarkdown, escapeSlack } from "./escape";

const maxHostsNamed = 5;

/** How far back the folded alerts go: at least one window, more when a flood held the summary back. */
function spanSeconds(entries: FoldEntry[], windowMs: number): number {
  const first = Math.min(...entries.map((e) => e.at ?? Date.now()));
  return Math.max(Math.round(windowMs / 1000), Math.round((Date.now() - first) / 1000));
}

/** Counts folded alerts by host, most first. */
export function countByHost(entries: FoldEntry[]): { host: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.host, (counts.get(e.host) ?? 0) + 1);
  return [...counts].map(([host, count]) => ({ host, count })).sort((a, b) => b.count - a.count || a.host.localeCompare(b.host));
}

/** "37 more tasks failed for host x.y" / "… for hosts a.b (30), c.d (7) and 2 other hosts". */
export function summaryHeadline(entries: FoldEntry[]): string {
  const hosts = countByHost(entries);
  const n = entries.length;
  const subject = `${n} more ${n === 1 ? "task" : "tasks"} failed`;
  if (hosts.length === 1) return `${subject} for host ${hosts[0].host}`;
  const named = hosts.slice(0, maxHostsNamed).map((h) => `${h.host} (${h.count})`).join(", ");
  const others = hosts.length - maxHostsNamed;
  return `${subject} for hosts ${named}${others > 0 ? ` and ${others} other ${others === 1 ? "host" : "hosts"}` : ""}`;
}

/**
 * The one message that stands for every alert folded during a window. It ignores the channel's template
 * (placeholders name one task) but keeps the channel's format.
 */
export function summaryAlert(
  channel: { kind: ChannelKind; format: MessageFormat },
  entries: FoldEntry[],
  id: string,
  windowMs = env.alerts.windowMs,
): OutgoingAlert {
  const headline = summaryHeadline(entries);
  const gaveUp = entries.filter((e) => e.event === "task.exhausted").length;
  const failing = entries.length - gaveUp;
  const breakdown = [gaveUp ? `${gaveUp} gave up` : "", failing ? `${failing} still failing` : ""].filter(Boolean).join(", ");
  const seconds = spanSeconds(entries, windowMs);
  const link = `${env.web.publicUrl}/tasks?status=${gaveUp ? "failed" : "retrying"}`;
  const payload = {
    event: "alerts.folded",
    count: entries.length,
    hosts: countByHost(entries),
    events: { "task.exhausted": gaveUp, "task.failing": failing },
    taskIds: entries.map((e) => e.taskId),
  };

  if (channel.format === "markdown" && channel.kind === "slack") {
    const text = `*${escapeSlack(headline)}*\n${escapeSlack(breakdown)} in the last ${seconds} s.\n<${link}|Open in the console>`;
    return { id, message: { type: "markdown", title: headline, text }, payload };
  }
  if (channel.format === "markdown") {
    const text = `#### ${escapeMarkdown(headline)}\n${breakdown} in the last ${seconds} s.\n\n[Open in the console](${link})`;
    return { id, message: { type: "markdown", title: headline, text }, payload };
  }
  const text = `[Bida] ${headline} in the last ${seconds} s (${breakdown}).\nConsole: ${link}`;
  return { id, message: { type: "text", text: channel.kind === "slack" ? escapeSlack(text) : text }, payload };
}
