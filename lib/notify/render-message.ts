import type { ChannelKind, MessageFormat } from "../db/schema/alert-channels";
import { defaultTemplate } from "./default-templates";
import { escaperFor, escapeJsonString, type Escaper } from "./escape";
import { placeholderNames, type PlaceholderValues } from "./placeholders";

/** A message ready for a channel driver to wrap in its platform's envelope. */
export type RenderedMessage =
  | { type: "text"; text: string }
  | { type: "markdown"; title: string; text: string }
  /** A template that is itself a JSON object (kkbida's form): sent as the body, placeholders filled inside it. */
  | { type: "body"; body: Record<string, unknown> };

export interface TemplateSettings {
  kind: ChannelKind;
  format: MessageFormat;
  template: string | null;
  /** The default template's language when `template` is empty (alert_channels.locale; en when absent). */
  locale?: string;
}

export class TemplateError extends Error {
  override name = "TemplateError";
}

const placeholderPattern = /\$\{(\w+)\}/g;
const known = new Set<string>(placeholderNames);

/** Fills `${name}` placeholders; an unknown name is left as written (checkTemplate reports it on save). */
export function fillTemplate(template: string, values: PlaceholderValues, escape: Escaper): string {
  return template.replace(placeholderPattern, (whole, name: string) =>
    known.has(name) ? escape(values[name as keyof PlaceholderValues]) : whole,
  );
}

export const isJsonTemplate = (template: string | null) => !!template && template.trimStart().startsWith("{");

export function renderMessage(settings: TemplateSettings, values: PlaceholderValues): RenderedMessage {
  const { kind, format, template } = settings;
  if (template && isJsonTemplate(template)) return { type: "body", body: renderJsonTemplate(kind, template, values) };
  const source = template?.trim() ? template : defaultTemplate(kind, format, settings.locale);
  if (format === "text") return { type: "text", text: fillTemplate(source, values, escaperFor(kind, "text")) };
  return { type: "markdown", title: escaperFor(kind, "text")(values.headline), text: fillTemplate(source, values, escaperFor(kind, "markdown")) };
}

/**
 * A JSON template's values are escaped as JSON string content — so a URL with quotes and newlines still gives
 * valid JSON, which kkbida did not do — and, when the body declares markdown (or is a Slack message),
 * escaped for that first.
 */
function renderJsonTemplate(kind: ChannelKind, template: string, values: PlaceholderValues): Record<string, unknown> {
  const inner = escaperFor(kind, /"(msgtype|msg_type)"\s*:\s*"(markdown|interactive)"/.test(template) ? "markdown" : "text");
  const filled = fillTemplate(template, values, (v) => escapeJsonString(inner(v)));
  let body: unknown;
  try {
    body = JSON.parse(filled);
  } catch (err) {
    throw new TemplateError(`The template looks like JSON but is not valid JSON: ${(err as Error).message}`);
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new TemplateError("A JSON template must be one JSON object.");
  return body as Record<string, unknown>;
}

/** Problems with a template, found before it is saved: invalid JSON, unknown placeholders. */
export function checkTemplate(settings: TemplateSettings, sample: PlaceholderValues): string[] {
  const problems: string[] = [];
  const unknown = [...(settings.template ?? "").matchAll(placeholderPattern)].map((m) => m[1]).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    problems.push(`Unknown placeholder ${[...new Set(unknown)].map((n) => "${" + n + "}").join(", ")}; known: ${placeholderNames.map((n) => "${" + n + "}").join(" ")}.`);
  }
  try {
    renderMessage(settings, sample);
  } catch (err) {
    if (err instanceof TemplateError) problems.push(err.message);
    else throw err;
  }
  return problems;
}
