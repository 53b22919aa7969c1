import { context, isSpanContextValid, SpanStatusCode, trace, TraceFlags, type Attributes, type Link, type Span, type SpanContext, type SpanKind } from "@opentelemetry/api";
import { formatTraceparent, parseTraceparent } from "./traceparent";
import { tracer, tracingStarted } from "./tracer";

/** A stored traceparent as a remote span context to parent on; undefined when there is none. */
export function remoteContext(traceparent: string | null | undefined): SpanContext | undefined {
  const t = parseTraceparent(traceparent);
  if (!t) return undefined;
  return { traceId: t.traceId, spanId: t.spanId, traceFlags: parseInt(t.flags, 16) & TraceFlags.SAMPLED, isRemote: true };
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The span's parent; without one, the active span (if any). */
  parent?: SpanContext;
  links?: (SpanContext | undefined)[];
}

/**
 * Runs `fn` inside a span when tracing runs, and as a plain call when it does not (no span objects, no context
 * switch, the options not even built). A thrown error marks the span failed and is rethrown.
 */
export async function inSpan<T>(name: string, options: SpanOptions | (() => SpanOptions), fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!tracingStarted()) return fn(undefined);
  // Options given as a function are worked out only when a span is made (parsing stored traceparents costs).
  const opts = typeof options === "function" ? options() : options;
  const parent = opts.parent ? trace.setSpanContext(context.active(), opts.parent) : context.active();
  const links: Link[] = (opts.links ?? []).filter((l): l is SpanContext => !!l && isSpanContextValid(l)).map((l) => ({ context: l }));
  return tracer().startActiveSpan(name, { kind: opts.kind, attributes: opts.attributes, links }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * The traceparent to store with a task submitted now: the submit span's (a child of the client's) when tracing
 * runs, else the client's own, when it is valid.
 */
export function traceparentToStore(fromClient: string | null | undefined): string | null {
  const active = tracingStarted() ? trace.getActiveSpan()?.spanContext() : undefined;
  if (active && isSpanContextValid(active)) {
    return formatTraceparent({ traceId: active.traceId, spanId: active.spanId, flags: active.traceFlags.toString(16).padStart(2, "0") });
  }
  const t = parseTraceparent(fromClient);
  return t ? formatTraceparent(t) : null;
}
