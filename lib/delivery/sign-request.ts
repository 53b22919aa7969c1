import { signatureHeaders } from "../crypto/standard-webhooks";
import type { OutboundRequest } from "./build-request";

/**
 * Signs a built request as Standard Webhooks asks: `webhook-id` is the task id, the same on every attempt, so a
 * receiver can drop a duplicate delivery; the timestamp is this attempt's; the signed content is the body exactly
 * as it will be sent (empty when there is none, as for GET). Ours win over task headers of the same names: a
 * receiver must be able to trust them. Keys: the client's current secret first, then one still in its grace period.
 */
export function signRequest(req: OutboundRequest, taskId: string, keys: readonly Buffer[], now: number = Date.now()): OutboundRequest {
  if (keys.length === 0) return req;
  const headers = { ...req.headers, ...signatureHeaders(keys, taskId, Math.floor(now / 1000), req.body ?? "") };
  return { ...req, headers };
}
