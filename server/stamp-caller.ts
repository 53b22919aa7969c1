import type { IncomingMessage } from "node:http";
import { env } from "@/lib/env";
import { resolveCaller } from "@/lib/http/caller-address";
import { CALLER_HEADER, markCallerHeaderStamped } from "@/lib/http/request-caller";
import { cidrMatcher } from "@/lib/net/cidr-list";

/**
 * Builds the step that passes each request's caller address to the route handlers (lib/http/request-caller.ts).
 * Built at start, so a bad TRUSTED_PROXIES entry stops the server with a clear message instead of admitting anyone.
 */
export function createCallerStamp(): (req: IncomingMessage) => void {
  const trusted = cidrMatcher(env.callers.trustedProxies, "TRUSTED_PROXIES");
  // Read by the metrics route on its first call; checked here so a typo stops the start rather than every scrape.
  cidrMatcher(env.metrics.allow, "METRICS_ALLOW");
  markCallerHeaderStamped();
  return (req) => {
    // A client's own x-bida-caller header must never reach a handler: Node lowercases names and joins repeats
    // under this one key, so one delete removes every copy.
    delete req.headers[CALLER_HEADER];
    const caller = resolveCaller(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
    if (caller) req.headers[CALLER_HEADER] = caller;
  };
}
