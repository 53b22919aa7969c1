"use client";

import type { FieldIssue } from "@/lib/errors";

/**
 * A failure keeps the API's code, and per field its message and what zod checked: the console shows its own words
 * for them (components/ui/use-error-text.ts).
 */
export type ApiResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; code?: string; message: string; fields: Record<string, string>; issues: Record<string, FieldIssue> };

/** Calls a console route handler and returns its answer or its error message, never throwing. */
export async function consoleFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, message: "The server did not answer; check your connection and try again.", fields: {}, issues: {} };
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, data: json as T };
  const err = (json as { error?: { code?: string; message?: string; details?: { path?: string; message: string; issue?: FieldIssue }[] } } | null)?.error;
  const fields: Record<string, string> = {};
  const issues: Record<string, FieldIssue> = {};
  for (const d of err?.details ?? []) {
    if (!d.path || d.path in fields) continue;
    fields[d.path] = d.message;
    if (d.issue) issues[d.path] = d.issue;
  }
  const detail = err?.details?.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
  return { ok: false, status: res.status, code: err?.code, message: [err?.message ?? `Request failed (${res.status}).`, detail].filter(Boolean).join(" "), fields, issues };
}
