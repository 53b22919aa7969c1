import { createHmac } from "node:crypto";
import { signingKey, signMessage } from "../crypto/standard-webhooks";

/**
 * DingTalk robot signing: HmacSHA256 keyed by the secret over `timestamp + "\n" + secret`, base64, then
 * URL-encoded into the webhook URL beside the millisecond timestamp.
 */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const sign = createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
  const sep = url.includes("?") ? "&" : "?";
  return `${url}${sep}timestamp=${timestampMs}&sign=${encodeURIComponent(sign)}`;
}

/**
 * Feishu bot signing: HmacSHA256 keyed by `timestamp + "\n" + secret` over an empty message, base64; sent in
 * the body with the timestamp in seconds.
 */
export function feishuSign(secret: string, timestampS: number): string {
  return createHmac("sha256", `${timestampS}\n${secret}`).update("").digest("base64");
}

/**
 * Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`. A `whsec_` secret carries its
 * key in base64 after the prefix; any other secret is used as its UTF-8 bytes.
 */
export function standardWebhookHeaders(secret: string | null, id: string, timestampS: number, body: string): Record<string, string> {
  const headers: Record<string, string> = { "webhook-id": id, "webhook-timestamp": String(timestampS) };
  if (secret) {
    const key = secret.startsWith("whsec_") ? signingKey(secret) : Buffer.from(secret, "utf8");
    headers["webhook-signature"] = signMessage(key, id, timestampS, body);
  }
  return headers;
}
