/**
 * The header server.ts sets on every request to the socket's peer address, replacing any value a client sent.
 * Route handlers and server actions under Next 16 see no socket, so this is how sign-in learns who is guessing.
 *
 * The seam: behind a reverse proxy the peer is the proxy, and every sign-in then counts against one address. The
 * caller allow-list's trusted-proxy rule (TRUSTED_PROXIES, right-most untrusted X-Forwarded-For hop) is the place
 * to resolve the real caller; once it exists, server.ts should put its answer here instead of the raw peer.
 */
export const peerHeader = "x-bida-peer";

/** The source address of a sign-in as the web server saw it; null when unknown (`next dev`, a test calling directly). */
export function loginSource(headers: Headers | undefined): string | null {
  const value = headers?.get(peerHeader)?.trim();
  return value ? value.slice(0, 64) : null;
}
