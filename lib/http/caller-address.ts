import { normalizeIp, type IpMatcher } from "../net/cidr-list";

/**
 * The address of the party calling Bida. The socket's peer is the caller unless it is one of the operator's
 * own proxies (TRUSTED_PROXIES): then X-Forwarded-For is read from the right, each trusted proxy having appended
 * the address it saw, and the first hop that is not a trusted proxy is the caller. Hops to its left were written
 * by the caller itself and prove nothing. When every hop is a trusted proxy, the left-most one is the caller.
 * Null when the address cannot be known (a trusted proxy passed a hop that is not an IP address): callers with
 * an allow-list are then refused, never admitted.
 */
export function resolveCaller(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: IpMatcher): string | null {
  const socketPeer = peer ? normalizeIp(peer) : null;
  if (!socketPeer || !trusted(socketPeer)) return socketPeer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",").map((h) => h.trim()).filter(Boolean);
  let caller = socketPeer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(stripPort(hops[i]!));
    if (!hop) return null;
    caller = hop;
    if (!trusted(hop)) return hop;
  }
  return caller;
}

/** Some proxies write `1.2.3.4:5678` or `[2001:db8::1]:5678`; a bare IPv6 address has no port to strip. */
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}
