/** Every failure of the SDK: the API's error body when there was one, or a transport error. */
export class BidaError extends Error {
  readonly status: number | null;
  readonly code: string;
  readonly details: Array<{ path?: string; message: string }>;
  /** From a 429's Retry-After (the client's quota): seconds to wait before trying again; null when not said. */
  readonly retryAfterS: number | null;

  constructor(message: string, opts: { status: number | null; code: string; details?: Array<{ path?: string; message: string }>; cause?: unknown; retryAfterS?: number | null }) {
    super(message, { cause: opts.cause });
    this.name = "BidaError";
    this.status = opts.status;
    this.code = opts.code;
    this.details = opts.details ?? [];
    this.retryAfterS = opts.retryAfterS ?? null;
  }

  /** True when trying again later may succeed (Bida or a backing service unavailable, or the network). */
  get retryable(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}
