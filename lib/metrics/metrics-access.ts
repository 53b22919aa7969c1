import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { ApiError } from "../errors";
import { requestCaller } from "../http/request-caller";
import { cidrMatcher, type IpMatcher } from "../net/cidr-list";

let allowed: IpMatcher | undefined;

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * GET /api/metrics tells anyone who reads it how busy Bida is and which queues back up, so it answers only a
 * caller in METRICS_ALLOW (loopback by default: a Prometheus on the same host, or behind a proxy listed in
 * TRUSTED_PROXIES) or one sending `Authorization: Bearer <METRICS_TOKEN>`. Throws 401 for a wrong token, 403
 * for a caller outside the list.
 */
export function assertMetricsAccess(req: Request): void {
  const token = env.metrics.token;
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (m) {
    // Compared as digests, so neither the length nor the content leaks through timing.
    if (token && timingSafeEqual(digest(m[1]!), digest(token))) return;
    throw new ApiError("unauthorized", "The metrics token is not valid.");
  }
  allowed ??= cidrMatcher(env.metrics.allow, "METRICS_ALLOW");
  if (allowed(requestCaller(req))) return;
  throw new ApiError(
    "forbidden",
    token ? "Metrics need `Authorization: Bearer <METRICS_TOKEN>` or a caller in METRICS_ALLOW." : "Metrics are served only to callers in METRICS_ALLOW.",
  );
}
