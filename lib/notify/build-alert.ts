import type { AlertChannel, AlertEvent } from "../db/schema/alert-channels";
import type { Attempt } from "../db/schema/attempts";
import type { Task } from "../db/schema/tasks";
import { serializeAttempt, serializeTask } from "../tasks/serialize";
import type { OutgoingAlert } from "./channels/types";
import { maskSecretParams, maskSecretQuery } from "./mask";
import { placeholderValues } from "./placeholders";
import { renderMessage } from "./render-message";

// A webhook receiver gets the answer's start, not 64 KiB of it.
const maxExcerptChars = 4_096;

type ChannelLike = Pick<AlertChannel, "kind" | "format" | "template"> & { locale?: string };

/** The message for one task's alert: the channel's template for chat kinds, `{event, task, lastAttempt}` for webhooks. */
export function taskAlert(channel: ChannelLike, event: AlertEvent | "test", task: Task, lastAttempt: Attempt | null, id: string): OutgoingAlert {
  const payload = { event, task: webhookTask(task), lastAttempt: lastAttempt ? webhookAttempt(lastAttempt) : null };
  // A webhook's body is the payload; its template (if any) is not used.
  if (channel.kind === "webhook") return { id, message: { type: "text", text: "" }, payload };
  const values = placeholderValues(event === "test" ? "task.exhausted" : event, task, lastAttempt, channel.locale);
  return { id, message: renderMessage(channel, values), payload };
}

/**
 * The task as the API shows it, minus header values (they often carry the target's credentials) and the values of
 * secret-looking params and query parameters (lib/notify/mask.ts).
 */
function webhookTask(task: Task) {
  const view = serializeTask(task);
  const headers = view.headers ? Object.fromEntries(Object.keys(view.headers).map((k) => [k, "[redacted]"])) : null;
  return { ...view, headers, url: maskSecretQuery(view.url), params: maskSecretParams(view.params) };
}

function webhookAttempt(a: Attempt) {
  const view = serializeAttempt(a);
  return { ...view, responseExcerpt: view.responseExcerpt?.slice(0, maxExcerptChars) ?? null };
}
