import { SpanKind, SpanStatusCode, type SpanContext } from "@opentelemetry/api";
import type { Task } from "../db/schema/tasks";
import type { AttemptOutcome } from "../delivery/make-attempt";
import { storedTraceparent } from "../tasks/internal-headers";
import { inSpan, remoteContext } from "./spans";

// Which span each attempt ran in, for the group commit's span to link to (the outcome is the one object that
// travels from the call to the recorder).
const spans = new WeakMap<AttemptOutcome, SpanContext>();

/** Attempt `n` of a task inside its `attempt` span, a child of the trace stored with the task at submit. */
export function inAttemptSpan(task: Task, n: number, fn: () => Promise<AttemptOutcome>): Promise<AttemptOutcome> {
  const spanOptions = () => ({
    kind: SpanKind.CLIENT,
    parent: remoteContext(storedTraceparent(task.headers)),
    attributes: { "bida.task_id": task.id, "bida.attempt": n, "http.request.method": task.method },
  });
  return inSpan("attempt", spanOptions, async (span) => {
    const outcome = await fn();
    if (span) {
      spans.set(outcome, span.spanContext());
      if (outcome.statusCode !== null) span.setAttribute("http.response.status_code", outcome.statusCode);
      if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error ?? "failed" });
    }
    return outcome;
  });
}

export const attemptSpanOf = (outcome: AttemptOutcome): SpanContext | undefined => spans.get(outcome);
