import { lookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { env } from "../env";

/** A host name's addresses, in the order to try them. The outbound connector judges each before connecting. */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/**
 * The system resolver (getaddrinfo: /etc/hosts, then DNS), behind a table of static answers (OUTBOUND_RESOLVE,
 * `name=address` pairs, like curl's --resolve). The table lets an operator pin a name, and lets a test map a
 * name to any address without the network: the answer still goes through the policy like any other.
 */
export function createResolver(staticAnswers: readonly string[] = env.delivery.outboundResolve): Resolve {
  const table = parseStaticAnswers(staticAnswers);
  return (hostname) => {
    const pinned = table.get(hostname.toLowerCase());
    if (pinned) return Promise.resolve(pinned);
    return new Promise((resolve, reject) => {
      lookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
    });
  };
}

function parseStaticAnswers(entries: readonly string[]): Map<string, LookupAddress[]> {
  const table = new Map<string, LookupAddress[]>();
  for (const entry of entries) {
    const [name, address, extra] = entry.split("=").map((s) => s.trim());
    const family = isIP(address ?? "");
    if (!name || !family || extra !== undefined) {
      throw new Error(`Invalid OUTBOUND_RESOLVE entry "${entry}": expected name=address, such as api.internal=10.0.0.7`);
    }
    const key = name.toLowerCase();
    table.set(key, [...(table.get(key) ?? []), { address: address!, family }]);
  }
  return table;
}
