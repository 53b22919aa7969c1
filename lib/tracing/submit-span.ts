import { SpanKind } from "@opentelemetry/api";
import { inSpan, remoteContext } from "./spans";

/**
 * Wraps a submit route handler in the `submit` span, a child of the trace the client sent in `traceparent`. The
 * handler stores that span's traceparent with its tasks (submit-tasks.ts), so enqueue, attempts and the callbacks
 * themselves join the client's trace.
 */
export function withSubmitSpan<C>(route: string, handler: (req: Request, ctx: C) => Promise<Response>) {
  return (req: Request, ctx: C): Promise<Response> =>
    inSpan(
      "submit",
      () => ({ kind: SpanKind.SERVER, parent: remoteContext(req.headers.get("traceparent")), attributes: { "http.route": route, "http.request.method": req.method } }),
      () => handler(req, ctx),
    );
}
