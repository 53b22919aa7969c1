import { randomBytes } from "node:crypto";

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): `00-<trace id>-<parent id>-<flags>`. Bida keeps a
 * client's traceparent with its task and sends its callbacks one that is a child of it, so a receiver's logs join
 * the submitter's trace — with or without the tracing SDK running.
 */
const pattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceParent {
  traceId: string;
  spanId: string;
  flags: string;
}

/** A valid version-00 traceparent, or null (the spec's all-zero ids are invalid too). */
export function parseTraceparent(value: string | null | undefined): TraceParent | null {
  const m = pattern.exec(value?.trim().toLowerCase() ?? "");
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return null;
  return { traceId: m[1]!, spanId: m[2]!, flags: m[3]! };
}

export const formatTraceparent = (t: TraceParent) => `00-${t.traceId}-${t.spanId}-${t.flags}`;

/** The same trace with a fresh parent id: what Bida sends when no span of its own is recorded. */
export const childOf = (t: TraceParent): TraceParent => ({ ...t, spanId: randomBytes(8).toString("hex") });

/**
 * The name the traceparent is stored under in a task's `headers` JSON. A leading colon is not an HTTP token
 * character, so the input schema refuses it from clients (no collision with a header they set), and the request
 * builder and every view leave such names out (lib/tasks/internal-headers.ts).
 */
export const TRACEPARENT_KEY = ":traceparent";
