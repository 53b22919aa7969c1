import { standardWebhookHeaders } from "../sign";
import { jsonHeaders, type ChannelDriver } from "./types";

/**
 * Any HTTP endpoint: the event as JSON — or a JSON template's rendered body (kkbida's web_hook form) — signed with
 * Standard Webhooks headers when a secret is set.
 */
export const webhook: ChannelDriver = {
  build(target, alert, now) {
    const body = JSON.stringify(alert.message.type === "body" ? alert.message.body : alert.payload);
    const signing = standardWebhookHeaders(target.secret, alert.id, Math.floor(now.getTime() / 1000), body);
    return { url: target.url, headers: { ...jsonHeaders, ...signing }, body };
  },
  // Any 2xx is an acknowledgement; the body is the receiver's business.
  judge: () => ({ ok: true, error: null, retryable: false }),
};
