import { truncateBytes } from "../escape";
import { jsonHeaders, type ChannelDriver } from "./types";

// A section block holds at most 3,000 characters; a message's text at most 40,000.
const maxSectionBytes = 3_000;
const maxTextBytes = 38_000;

/** Slack incoming webhook: `text`, or blocks with mrkdwn (and `text` as the notification fallback). */
export const slack: ChannelDriver = {
  build(target, { message }) {
    const body =
      message.type === "body"
        ? message.body
        : message.type === "text"
          ? { text: truncateBytes(message.text, maxTextBytes) }
          : {
              text: message.title,
              blocks: [{ type: "section", text: { type: "mrkdwn", text: truncateBytes(message.text, maxSectionBytes) } }],
            };
    return { url: target.url, headers: jsonHeaders, body: JSON.stringify(body) };
  },
  // Slack answers a bare `ok`; its refusals come as 4xx with a code such as `invalid_payload`.
  judge: (body) =>
    body.trim() === "ok" ? { ok: true, error: null, retryable: false } : { ok: false, error: `unexpected answer: ${body.slice(0, 200)}`, retryable: false },
};
