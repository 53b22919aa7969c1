import { z } from "zod";

// One error type and one error body for the whole API: {"error":{"code","message","details"}}.
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  quota_exceeded: 429,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorDetail {
  path?: string;
  message: string;
  /** What zod checked, for a console in another language to word it (lib/i18n/issue-text.ts); never the input. */
  issue?: FieldIssue;
}

/** A zod issue's code and bounds: enough to say "at most 64 characters" in any language. */
export interface FieldIssue {
  code: string;
  origin?: string;
  minimum?: number | string;
  maximum?: number | string;
  expected?: string;
  format?: string;
}

const bound = (v: unknown) => (typeof v === "bigint" ? v.toString() : typeof v === "number" || typeof v === "string" ? v : v instanceof Date ? v.toISOString() : undefined);

function fieldIssue(issue: z.core.$ZodIssue): FieldIssue | undefined {
  // A refinement's own message is the words (and lib/i18n/field-messages.ts translates it); it has no bounds to tell.
  if (issue.code === "custom") return undefined;
  const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: unknown; maximum?: unknown; expected?: string; format?: string };
  const out: FieldIssue = { code: i.code };
  if (typeof i.origin === "string") out.origin = i.origin;
  if (bound(i.minimum) !== undefined) out.minimum = bound(i.minimum);
  if (bound(i.maximum) !== undefined) out.maximum = bound(i.maximum);
  if (typeof i.expected === "string") out.expected = i.expected;
  if (typeof i.format === "string") out.format = i.format;
  return out;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** Response headers the answer carries (Retry-After on a 429). */
  headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function zodDetails(error: z.ZodError, prefix: (string | number)[] = []): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join(".") || undefined,
    message: issue.message,
    issue: fieldIssue(issue),
  }));
}

export function validationError(error: z.ZodError, prefix: (string | number)[] = []): ApiError {
  return new ApiError("validation_failed", "The request is not valid.", zodDetails(error, prefix));
}

/** Parses with zod and throws a 422 ApiError naming every failing path. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, ctx?: z.core.ParseContext<z.core.$ZodIssue>): z.infer<T> {
  const result = schema.safeParse(input, ctx);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "PROTOCOL_CONNECTION_LOST",
  "ER_CON_COUNT_ERROR",
  "EHOSTUNREACH",
]);

/** Maps any thrown value to an ApiError; an unknown error becomes a generic 500 or, when a backing service is down, a 503. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) return validationError(err);
  if (isUnavailable(err)) return new ApiError("service_unavailable", "A backing service is unavailable; try again shortly.");
  return new ApiError("internal", "Internal error.");
}

export function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && unavailableCodes.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && /Connection is closed|connect ECONNREFUSED|Pool is closed|Stream isn't writeable|timed out|max retries per request/i.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
