import { isSpanContextValid, trace } from "@opentelemetry/api";
import { storedTraceparent } from "../tasks/internal-headers";
import { childOf, formatTraceparent, parseTraceparent } from "./traceparent";
import { tracingStarted } from "./tracer";

/**
 * The traceparent a task's call carries: the attempt's span when tracing runs (a child of the stored parent), else
 * the stored parent's trace with a fresh parent id. Null for a task submitted without a trace.
 */
export function outgoingTraceparent(headers: Record<string, string> | null | undefined): string | null {
  const stored = parseTraceparent(storedTraceparent(headers));
  if (!stored) return null;
  const active = tracingStarted() ? trace.getActiveSpan()?.spanContext() : undefined;
  if (active && isSpanContextValid(active) && active.traceId === stored.traceId) {
    return formatTraceparent({ traceId: active.traceId, spanId: active.spanId, flags: active.traceFlags.toString(16).padStart(2, "0") });
  }
  return formatTraceparent(childOf(stored));
}
