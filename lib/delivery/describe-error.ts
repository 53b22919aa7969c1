/**
 * One readable line for an error thrown while calling a target: what an operator reads in the attempt
 * timeline, so it says what happened in words first and keeps the system's code for searching.
 */
export function describeCallError(err: unknown): string {
  const e = rootCause(err);
  const code = typeof e.code === "string" ? e.code : undefined;
  const where = e.address ? ` ${e.address}${e.port ? `:${e.port}` : ""}` : e.hostname ? ` ${e.hostname}` : "";
  const tag = code ? ` (${code}${where})` : "";

  if (code === "EBIDA_OUTBOUND_DENIED") return e.message;
  if (e.name === "HTTPParserError" || code?.startsWith("HPE_")) return `the answer is not valid HTTP: ${e.message}${tag}`;
  // OpenSSL's message is a dump of its internals; its `reason` is the readable part.
  if (code && tlsCodes.test(code)) return `TLS handshake failed: ${e.reason ?? e.message.split("\n")[0]}${tag}`;
  if (code === "UND_ERR_INVALID_ARG") return `the request is invalid: ${e.message}${tag}`;
  const known = code ? phrases[code] : undefined;
  if (known) return `${known}${tag}`;
  return `${e.message || e.name || "unknown error"}${tag}`;
}

/** What kind of failure kept an answer from arriving: the input of lib/hosts/blame.ts's table. */
export type CallFailure = "timeout" | "connect" | "tls" | "protocol" | "policy" | "request" | "other";

/** Failures no later attempt can change: the task fails at once, without spending its retries (next-state.ts). */
export const finalFailures: readonly CallFailure[] = ["policy"];

const connectCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/** Sorts an error thrown while calling a target (not a timeout of Bida's own deadline: the caller knows that one). */
export function classifyCallError(err: unknown): CallFailure {
  const e = rootCause(err);
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code === "EBIDA_OUTBOUND_DENIED") return "policy";
  if (code === "UND_ERR_INVALID_ARG") return "request";
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return "timeout";
  if (code && connectCodes.has(code)) return "connect";
  if (code && tlsCodes.test(code)) return "tls";
  if (e.name === "HTTPParserError" || code?.startsWith("HPE_") || code?.startsWith("UND_ERR_")) return "protocol";
  return "other";
}

const phrases: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by the target",
  EPIPE: "connection closed by the target while sending the request",
  UND_ERR_SOCKET: "the target closed the connection before answering completely",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed temporarily",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connect timed out",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
  UND_ERR_HEADERS_OVERFLOW: "the answer's headers are too large",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "the answer's length does not match its content-length",
};

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

interface ErrorLike {
  name?: string;
  message: string;
  code?: unknown;
  address?: string;
  port?: number;
  hostname?: string;
  reason?: string;
}

/** The error that explains the failure: the first of an AggregateError (IPv4/IPv6 racing), else the deepest cause. */
function rootCause(err: unknown): ErrorLike {
  let e = (err ?? {}) as ErrorLike & { cause?: unknown; errors?: unknown[] };
  for (let depth = 0; depth < 5; depth++) {
    const next = e.errors?.[0] ?? (typeof e.code === "string" ? undefined : e.cause);
    if (!next || typeof next !== "object") break;
    e = next as typeof e;
  }
  return { name: e.name, message: String(e.message ?? e), code: e.code, address: e.address, port: e.port, hostname: e.hostname, reason: e.reason };
}
