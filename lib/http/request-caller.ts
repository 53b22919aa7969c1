/**
 * How the caller's address reaches route handlers, which under Next 16 do not see the socket. The web server
 * (server.ts, via server/stamp-caller.ts) removes any `x-bida-caller` header a client sent and sets its own from
 * the socket (and X-Forwarded-For from TRUSTED_PROXIES), then marks the process as one whose server does so. A
 * handler trusts the header only in such a process: under plain `next start` or `next dev` nothing strips a
 * forged header, so the caller is unknown there and allow-lists refuse every call.
 */
export const CALLER_HEADER = "x-bida-caller";

const STAMPED = Symbol.for("bida.callerHeaderStamped");
type Marked = { [STAMPED]?: boolean };

/** Called once by the web server that stamps every request. */
export function markCallerHeaderStamped(): void {
  (globalThis as Marked)[STAMPED] = true;
}

/** The caller's address as the web server saw it, or null when it cannot be known. */
export function requestCaller(req: Request): string | null {
  return callerFromHeaders(req.headers);
}

/** The same from a Headers object, e.g. `await headers()` in a server action or Auth.js's request. */
export function callerFromHeaders(headers: Headers): string | null {
  if (!(globalThis as Marked)[STAMPED]) return null;
  return headers.get(CALLER_HEADER) || null;
}
