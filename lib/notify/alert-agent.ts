import type { Agent } from "undici";
import { createOutboundAgent } from "../delivery/outbound-policy";

const globalForAgent = globalThis as unknown as { bidaAlertAgent?: Agent };

/**
 * The process's agent for alert calls: the same outbound policy as task deliveries (a channel URL cannot reach
 * the cloud metadata service and show its answer through "Send test"), with a small pool of its own.
 */
export function getAlertAgent(): Agent {
  globalForAgent.bidaAlertAgent ??= createOutboundAgent({ connections: 16, connectTimeoutMs: 5_000 });
  return globalForAgent.bidaAlertAgent;
}
