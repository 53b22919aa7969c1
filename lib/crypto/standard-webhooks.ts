import { createHmac, randomBytes } from "node:crypto";

/**
 * Standard Webhooks (https://www.standardwebhooks.com): a `whsec_` secret carries its HMAC key in base64 after the
 * prefix; a signature is `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` over the exact body bytes sent.
 * Shared by the worker (signing) and the SDK (verifying), so the two cannot drift apart.
 */

const secretPrefix = "whsec_";

/** A new signing secret: 32 random bytes (the spec asks for 24 to 64). */
export function newSigningSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString("base64")}`;
}

/** The HMAC key of a secret; without the prefix the whole string is taken as the base64 key, as the spec's libraries do. */
export function signingKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, "base64");
}

/** One `v1,<base64>` signature of a message. */
export function signMessage(key: Buffer, id: string, timestampS: number | string, body: string | Uint8Array): string {
  const hmac = createHmac("sha256", key).update(`${id}.${timestampS}.`);
  hmac.update(body);
  return `v1,${hmac.digest("base64")}`;
}

/**
 * The three headers for a message signed with each key (current first): during a rotation both signatures travel,
 * space-separated, and a receiver holding either secret accepts the call.
 */
export function signatureHeaders(keys: readonly Buffer[], id: string, timestampS: number, body: string | Uint8Array): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampS),
    "webhook-signature": keys.map((k) => signMessage(k, id, timestampS, body)).join(" "),
  };
}
