import { EventEmitter } from "node:events";
import type { Readable } from "node:stream";
import { request, type Dispatcher } from "undici";
import type { OutboundRequest } from "./build-request";
import { classifyCallError, describeCallError, type CallFailure } from "./describe-error";

export interface CallResult {
  startedAt: Date;
  durationMs: number;
  /** Null when no answer arrived; set together with `error` when the answer broke off while being read. */
  statusCode: number | null;
  headers: Record<string, string | string[] | undefined>;
  /** At most maxBodyBytes of the answer, decoded by its declared charset (UTF-8 when none or unknown). */
  body: string;
  truncated: boolean;
  /** Why the call failed before a full answer arrived; null when it did. Never a thrown error. */
  error: string | null;
  /** The kind of that failure; null when a full answer arrived. */
  failure: CallFailure | null;
}

export interface CallOptions {
  timeoutMs: number;
  maxBodyBytes?: number;
}

const timeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/**
 * Makes one HTTP call and never throws. One deadline covers connect, headers and body. Redirects are not
 * followed: a plain undici Agent has no redirect interceptor, so a 3xx comes back as it is, for the judge.
 */
export async function callTarget(
  agent: Dispatcher,
  req: OutboundRequest,
  { timeoutMs, maxBodyBytes = 65_536 }: CallOptions,
): Promise<CallResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  // undici takes an EventEmitter as its abort signal; it costs less per call than an AbortController.
  const deadline = new EventEmitter();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.emit("abort");
  }, timeoutMs);
  const sink: BodySink = { chunks: [], bytes: 0, truncated: false };
  let statusCode: number | null = null;
  let headers: CallResult["headers"] = {};
  let error: string | null = null;
  let failure: CallFailure | null = null;

  try {
    const res = await request(req.url, {
      dispatcher: agent,
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: deadline,
      // Backstops only (undici's defaults are 5 minutes); the deadline above fires first.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    statusCode = res.statusCode;
    headers = res.headers;
    await readInto(sink, res.body, maxBodyBytes);
  } catch (err) {
    const timeout = timedOut || timeoutCodes.has((err as { code?: string })?.code ?? "");
    error = timeout ? `timed out after ${timeoutMs} ms${statusCode === null ? "" : " while reading the answer"}` : describeCallError(err);
    failure = timeout ? "timeout" : classifyCallError(err);
  } finally {
    clearTimeout(timer);
  }

  return {
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    statusCode,
    headers,
    body: decode(sink, headers["content-type"]),
    truncated: sink.truncated,
    error,
    failure,
  };
}

interface BodySink {
  chunks: Buffer[];
  bytes: number;
  truncated: boolean;
}

/** Keeps at most `max` bytes, then destroys the stream (closing the socket) so a huge answer costs nothing more. */
function readInto(sink: BodySink, body: Readable, max: number): Promise<void> {
  return new Promise((resolve, reject) => {
    body.on("data", (chunk: Buffer) => {
      const room = max - sink.bytes;
      // Exactly `max` bytes and then the end is a whole answer; only a byte beyond it makes a cut.
      if (chunk.length > room) {
        if (room > 0) sink.chunks.push(chunk.subarray(0, room));
        sink.bytes = max;
        sink.truncated = true;
        body.destroy();
        resolve();
        return;
      }
      sink.chunks.push(chunk);
      sink.bytes += chunk.length;
    });
    body.once("end", resolve);
    body.once("error", reject);
  });
}

function decode(sink: BodySink, contentType: string | string[] | undefined): string {
  if (sink.bytes === 0) return "";
  const decoder = decoderFor(Array.isArray(contentType) ? contentType[0] : contentType);
  // When the answer was cut, `stream: true` holds back a character split by the cut instead of mangling it.
  return decoder.decode(Buffer.concat(sink.chunks, sink.bytes), { stream: sink.truncated });
}

function decoderFor(contentType: string | undefined): TextDecoder {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "")?.[1];
  try {
    if (charset) return new TextDecoder(charset); // e.g. GBK, still common on the systems kkbida called
  } catch {
    // An unknown charset label: read the bytes as UTF-8 rather than fail the call.
  }
  return new TextDecoder("utf-8");
}
