import type { ChannelKind, MessageFormat } from "../db/schema/alert-channels";
import { literalTargetRefusal } from "../delivery/literal-target";
import { ApiError } from "../errors";
import { placeholderValues } from "./placeholders";
import { checkTemplate } from "./render-message";
import { sampleAttempt, sampleTask } from "./sample-task";

/** Refuses, with a 422 naming the field, a template that would fail at send time. */
export function assertTemplateUsable(settings: { kind: ChannelKind; format: MessageFormat; template: string | null }): void {
  if (settings.kind === "webhook" || !settings.template?.trim()) return;
  const problems = checkTemplate(settings, placeholderValues("task.exhausted", sampleTask(), sampleAttempt()));
  if (problems.length > 0) {
    throw new ApiError("validation_failed", "The template cannot be used.", problems.map((message) => ({ path: "template", message })));
  }
}

/** Errors MySQL raises for a duplicate name become a 409 the form can show. */
export function isDuplicateName(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: string }).code === "ER_DUP_ENTRY") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A channel URL whose host is a denied IP literal or a loopback name is refused with 422, as a task's would be. */
export function assertChannelTargetAllowed(url: string): void {
  const why = literalTargetRefusal(url);
  if (why) throw new ApiError("validation_failed", "The channel URL is not allowed.", [{ path: "url", message: why }]);
}
