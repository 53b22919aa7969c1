import { isDeepStrictEqual } from "node:util";
import type { ExpectRule } from "../db/schema/tasks";
import type { CallResult } from "./call-target";

export interface Verdict {
  ok: boolean;
  error: string | null;
}

/**
 * Whether an answer counts as delivered. Every rule the task gives must pass; the first that fails names the
 * reason. Without a status rule any 2xx passes.
 *
 * - `bodyContains`: a plain substring test (kkbida's expectResult).
 * - `bodyEquals`: equal after trimming surrounding whitespace on both sides, because servers often end an
 *   answer with a newline that the caller never meant to match.
 * - `json`: the value at a dot path (`data.code`, `items.0.id`, or `items[0].id`) deep-equals `equals`, with
 *   types compared strictly: 0 and "0" differ.
 */
export function judge(expect: ExpectRule | null, result: CallResult): Verdict {
  if (result.error !== null || result.statusCode === null) return fail(result.error ?? "no answer");
  const rule = expect ?? {};
  const error =
    statusError(rule.status ?? "2xx", result) ??
    containsError(rule.bodyContains, result) ??
    equalsError(rule.bodyEquals, result) ??
    jsonError(rule.json, result);
  return error === null ? { ok: true, error: null } : fail(error);
}

function fail(error: string): Verdict {
  return { ok: false, error };
}

function statusError(rule: "2xx" | number[], { statusCode, headers }: CallResult): string | null {
  const code = statusCode as number;
  if (rule === "2xx" ? code >= 200 && code < 300 : rule.includes(code)) return null;
  const location = headers.location;
  const redirect =
    code >= 300 && code < 400 && location ? ` redirect to ${String(location)} (redirects are not followed)` : "";
  const wanted = rule === "2xx" ? "" : `, expected ${rule.join(" or ")}`;
  return `HTTP ${code}${redirect}${wanted}`;
}

function containsError(needle: string | undefined, { body, truncated }: CallResult): string | null {
  if (needle === undefined || body.includes(needle)) return null;
  return `body does not contain ${quote(needle)}${cutNote(truncated)}`;
}

function equalsError(expected: string | undefined, { body, truncated }: CallResult): string | null {
  if (expected === undefined) return null;
  if (!truncated && body.trim() === expected.trim()) return null;
  return `body does not equal ${quote(expected)}: got ${quote(body.trim())}${cutNote(truncated)}`;
}

function jsonError(rule: ExpectRule["json"], { body, truncated }: CallResult): string | null {
  if (!rule) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return truncated ? `answer is not JSON${cutNote(truncated)}` : "answer is not JSON";
  }
  const found = valueAt(doc, rule.path);
  if (!found.present) return `${rule.path} is missing, expected ${show(rule.equals)}`;
  if (isDeepStrictEqual(found.value, rule.equals)) return null;
  return `${rule.path} is ${show(found.value)}, expected ${show(rule.equals)}`;
}

/** Walks a dot path; own properties only, so `constructor` or `__proto__` never resolve to something inherited. */
export function valueAt(doc: unknown, path: string): { present: boolean; value?: unknown } {
  let value = doc;
  for (const key of path.replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean)) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return { present: false };
    value = (value as Record<string, unknown>)[key];
  }
  return { present: true, value };
}

function cutNote(truncated: boolean): string {
  return truncated ? " (only the start of a longer answer was read)" : "";
}

function quote(text: string, max = 200): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
