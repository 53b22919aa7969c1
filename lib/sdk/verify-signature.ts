import { timingSafeEqual } from "node:crypto";
import { signingKey, signMessage } from "../crypto/standard-webhooks";

export type SignedHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far the call's `webhook-timestamp` may be from now, either way, in seconds; default 300 (the spec's). */
  toleranceS?: number;
  /** The time to check against, in ms; default now. */
  now?: number;
}

/**
 * Checks that a call came from Bida (Standard Webhooks): its `webhook-signature` holds a `v1,` signature of
 * `{webhook-id}.{webhook-timestamp}.{body}` made with `secret` (the client's `whsec_…`; several may be given while
 * you move to a rotated one), and its timestamp is within the tolerance, so a recorded call cannot be replayed
 * later. Pass the body exactly as received (the raw bytes or text, not re-serialised JSON; empty for GET).
 * Signatures are compared in constant time. Drop duplicate deliveries by `webhook-id`, which is the task id.
 */
export function verifySignature(headers: SignedHeaders, body: string | Uint8Array, secret: string | readonly string[], opts: VerifyOptions = {}): boolean {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d{1,15}$/.test(timestamp)) return false;
  const toleranceS = opts.toleranceS ?? 300;
  if (Math.abs((opts.now ?? Date.now()) / 1000 - Number(timestamp)) > toleranceS) return false;
  const given = signatures
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s));
  const secrets = typeof secret === "string" ? [secret] : secret;
  let ok = false;
  for (const s of secrets) {
    const expected = Buffer.from(signMessage(signingKey(s), id, timestamp, body));
    // Every candidate is compared, so the time taken does not tell which one (if any) matched.
    for (const g of given) if (g.length === expected.length && timingSafeEqual(g, expected)) ok = true;
  }
  return ok;
}

function header(headers: SignedHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = name in record ? name : Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(" ") : value;
}
