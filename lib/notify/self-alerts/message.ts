import type { ChannelKind, MessageFormat, SelfAlertEvent } from "../../db/schema/alert-channels";
import { env } from "../../env";
import type { OutgoingAlert } from "../channels/types";
import { selfAlertTemplate } from "../default-templates";
import { escapeMarkdown, escapeSlack, escapeText, type Escaper } from "../escape";
import { formatTime } from "../placeholders";

/** One condition's change, worded (conditions.ts). */
export interface SelfNotice {
  condition: string;
  state: "started" | "resolved";
  headline: string;
  since: number;
}

const consolePages: Record<SelfAlertEvent, string> = {
  "bida.lag": "/tasks?status=retrying",
  "bida.backlog": "/tasks?status=queued",
  "bida.circuit": "/hosts",
  "bida.requeue": "/tasks",
  "bida.store_down": "/overview",
};

const eventTitles: Record<SelfAlertEvent, string> = {
  "bida.lag": "delivery lag",
  "bida.backlog": "backlog",
  "bida.circuit": "host circuits",
  "bida.requeue": "sweeper re-queues",
  "bida.store_down": "MySQL and Redis",
};

/**
 * The message for one event's notices of one check: a single notice is its own headline; several (five circuits
 * opening at once) become one message listing them, so a network outage is one post per channel, not one per host.
 * Every value is data: escaped for the format, so a host name or an error text cannot ping a room or add a link.
 */
export function selfAlertMessage(
  channel: { kind: ChannelKind; format: MessageFormat },
  event: SelfAlertEvent,
  notices: SelfNotice[],
  meta: { id: string; worker: string; now?: Date },
): OutgoingAlert {
  const now = meta.now ?? new Date();
  const started = notices.filter((n) => n.state === "started").length;
  const headline =
    notices.length === 1
      ? notices[0]!.headline
      : `${notices.length} changes in ${eventTitles[event]}: ${[started ? `${started} started` : "", started < notices.length ? `${notices.length - started} resolved` : ""].filter(Boolean).join(", ")}`;
  const consoleLink = `${env.web.publicUrl}${consolePages[event]}`;
  const payload = {
    event,
    worker: meta.worker,
    at: now.toISOString(),
    notices: notices.map((n) => ({ condition: n.condition, state: n.state, headline: n.headline, since: new Date(n.since).toISOString() })),
  };
  if (channel.kind === "webhook") return { id: meta.id, message: { type: "text", text: "" }, payload };

  const escape: Escaper = channel.kind === "slack" ? escapeSlack : channel.format === "markdown" ? escapeMarkdown : escapeText;
  const bullet = channel.format === "markdown" && channel.kind !== "slack" ? "- " : "• ";
  const lines = notices.length === 1 ? [`Since: ${formatTime(new Date(notices[0]!.since))}`] : notices.map((n) => n.headline);
  const values: Record<string, string> = {
    headline: escape(headline),
    details: lines.map((l) => bullet + escape(l)).join("\n"),
    worker: escape(meta.worker),
    time: formatTime(now),
    consoleLink,
  };
  const text = selfAlertTemplate(channel.kind, channel.format).replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  if (channel.format === "markdown") return { id: meta.id, message: { type: "markdown", title: headline, text }, payload };
  return { id: meta.id, message: { type: "text", text }, payload };
}
