import { callerFromHeaders } from "../http/request-caller";

/**
 * The source address of a sign-in, for lockout per address: the caller address server.ts stamps on every request
 * (the socket's peer, or behind TRUSTED_PROXIES the right-most untrusted X-Forwarded-For hop; a client's own value
 * never counts). Null when unknown (`next dev`, a test calling directly).
 */
export function loginSource(headers: Headers | undefined): string | null {
  return headers ? callerFromHeaders(headers) : null;
}
