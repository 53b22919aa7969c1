import { TRACEPARENT_KEY } from "../tracing/traceparent";

/**
 * A task's `headers` JSON also carries Bida's own values under names starting with ":" (never valid HTTP header
 * names, so no client can set them): today only the submitter's traceparent. Kept there because it travels with the
 * task through MySQL (a job's data would be lost with Redis and must be copied to every retry's job) without a
 * column of its own. These helpers add them at submit and take them out before a call or a view.
 */
export const isInternalHeader = (name: string) => name.startsWith(":");

/** The headers a call sends or a view shows: Bida's internal entries left out. */
export function withoutInternalHeaders(headers: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!headers) return null;
  if (!Object.keys(headers).some(isInternalHeader)) return headers;
  const out = Object.fromEntries(Object.entries(headers).filter(([k]) => !isInternalHeader(k)));
  return Object.keys(out).length > 0 ? out : null;
}

/** The stored headers with the trace to carry to the task's calls. */
export function withTraceparent(headers: Record<string, string> | null, traceparent: string | null): Record<string, string> | null {
  if (!traceparent) return headers;
  return { ...(headers ?? {}), [TRACEPARENT_KEY]: traceparent };
}

export const storedTraceparent = (headers: Record<string, string> | null | undefined) => headers?.[TRACEPARENT_KEY] ?? null;
