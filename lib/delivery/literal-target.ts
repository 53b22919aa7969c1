import { isIP, type BlockList } from "node:net";
import { addressForms, blockList } from "./address-policy";
import { addressRefusal } from "./outbound-policy";
import { env } from "../env";

// Names that mean this machine whatever DNS says (RFC 6761 `localhost` and below it; Debian's /etc/hosts aliases).
const loopbackNames = /^(localhost|ip6-localhost|ip6-loopback)$|\.localhost$/;

/**
 * Why a target URL is refused before any lookup, or null: its host is an IP literal the outbound policy or the
 * client's allowed target CIDRs refuse, or a loopback name while loopback is denied. A name that resolves to a
 * denied address is refused later, by the worker's connector, when the attempt is made.
 */
export function literalTargetRefusal(url: string, clientCidrs?: readonly string[] | null): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return null; // the URL's own validation answers for it
  }
  if (host.startsWith("[")) host = host.slice(1, -1);
  if (!isIP(host)) {
    return loopbackNames.test(host) && !env.delivery.outboundAllowLoopback ? `${host} is this machine (loopback), denied by the outbound policy` : null;
  }
  const why = addressRefusal(host);
  if (why) return `target address ${host} is denied by the outbound policy: ${why}`;
  if (clientCidrs && clientCidrs.length > 0 && !inCidrs(clientCidrs, host)) return `target address ${host} is not in this client's allowed target CIDRs`;
  return null;
}

// The client row comes from the authentication cache, so its array is the same object for a while: build once.
const lists = new WeakMap<readonly string[], BlockList>();

function inCidrs(cidrs: readonly string[], ip: string): boolean {
  let list = lists.get(cidrs);
  if (!list) {
    list = blockList(cidrs);
    lists.set(cidrs, list);
  }
  return (addressForms(ip) ?? []).some((f) => list.check(f.address, f.family));
}
