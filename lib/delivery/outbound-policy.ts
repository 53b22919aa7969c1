import { isIP } from "node:net";
import type { LookupAddress } from "node:dns";
import { Agent, buildConnector } from "undici";
import { env } from "../env";
import { createAddressPolicy, type AddressPolicy, type AddressPolicyOptions } from "./address-policy";
import { createResolver, type Resolve } from "./resolve-host";

export { defaultDeniedRanges } from "./address-policy";

/**
 * Which target addresses Bida may connect to, and the agent that enforces it. The connector resolves the name
 * itself, judges every address (lib/delivery/address-policy.ts), and connects to an address it judged — never
 * to a name — so there is no window between the check and the connect, and a name that re-resolves elsewhere
 * later is judged again on its next connection.
 *
 * - Denied by default: loopback and this machine's own addresses (unless OUTBOUND_ALLOW_LOOPBACK=true),
 *   link-local and every cloud's metadata addresses, "this network", multicast; private ranges only with
 *   OUTBOUND_DENY_PRIVATE=true. OUTBOUND_DENY adds rules; a non-empty OUTBOUND_ALLOW allows only what it lists;
 *   deny wins. A client's allowed target CIDRs narrow it further, never widen it.
 * - IPv6 forms of an IPv4 address (mapped, compatible, NAT64, 6to4) are judged as that IPv4 address too.
 */
export class OutboundDeniedError extends Error {
  readonly code = "EBIDA_OUTBOUND_DENIED";

  constructor(
    readonly address: string,
    hostname?: string,
    readonly why?: string,
  ) {
    const via = hostname && hostname !== address ? ` (${hostname})` : "";
    super(`target address ${address}${via} is denied by the outbound policy${why ? `: ${why}` : ""}`);
    this.name = "OutboundDeniedError";
  }
}

export type OutboundPolicyOptions = AddressPolicyOptions;

/** The address policy from explicit rules; rules left out come from the environment. */
export function createAddressCheck(opts: OutboundPolicyOptions = {}): AddressPolicy {
  return createAddressPolicy({
    allow: opts.allow ?? env.delivery.outboundAllow,
    deny: opts.deny ?? env.delivery.outboundDeny,
    denyDefaults: opts.denyDefaults ?? env.delivery.outboundDenyDefaults,
    allowLoopback: opts.allowLoopback ?? env.delivery.outboundAllowLoopback,
    denyPrivate: opts.denyPrivate ?? env.delivery.outboundDenyPrivate,
    clientCidrs: opts.clientCidrs,
    ownAddresses: opts.ownAddresses,
  });
}

let envPolicy: AddressPolicy | undefined;
// Every submit to an IP-literal target asks (3% of the web's CPU in the bench's profile, where all targets are
// 127.0.0.1). An address's answer changes only with the machine's own addresses, which the policy re-reads every
// 30 s: remembered as long, for a bounded number of addresses.
const MEMO_MS = 30_000;
const MEMO_MAX = 4_096;
const memo = new Map<string, string | null>();
let memoSince = 0;

/** Why the environment's policy refuses this IP address, or null when Bida may connect to it. */
export function addressRefusal(ip: string): string | null {
  envPolicy ??= createAddressCheck();
  const now = Date.now();
  if (now - memoSince > MEMO_MS || memo.size >= MEMO_MAX) {
    memo.clear();
    memoSince = now;
  }
  let why = memo.get(ip);
  if (why === undefined) {
    why = envPolicy(ip);
    memo.set(ip, why);
  }
  return why;
}

/** Whether the environment's policy lets Bida connect to this IP address. */
export function isAddressAllowed(ip: string): boolean {
  return addressRefusal(ip) === null;
}

export interface ConnectorOptions extends OutboundPolicyOptions {
  /** Longest TCP+TLS handshake per address tried; each call's own deadline is usually shorter and wins. */
  connectTimeoutMs?: number;
  /** TLS settings for the targets (a client's CA bundle, mTLS certificate and key). */
  tls?: { ca?: string[]; cert?: string; key?: string };
  /** Name to addresses; the default is the system resolver behind OUTBOUND_RESOLVE (lib/delivery/resolve-host.ts). */
  resolve?: Resolve;
  /** The bare connect to an address already judged; a test passes one that fails if it is ever reached. */
  dial?: buildConnector.connector;
}

// A refused or unreachable address is worth trying the next one for (a name with an IPv6 and an IPv4 address
// where only one family listens, as `localhost` often is); a timeout is not: it already cost the connect time.
const tryNextCodes = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "EAFNOSUPPORT"]);

/** The connector every outbound agent uses: judge, then connect only to an address that passed. */
export function createPolicyConnector(opts: ConnectorOptions = {}): buildConnector.connector {
  const policy = createAddressCheck(opts);
  const resolve = opts.resolve ?? createResolver();
  const dial = opts.dial ?? buildConnector({ timeout: opts.connectTimeoutMs ?? 60_000, ...opts.tls });

  return (options, callback) => {
    const hostname = options.hostname;
    if (isIP(hostname)) {
      const why = policy(hostname);
      if (why) return callback(new OutboundDeniedError(hostname, undefined, why), null);
      return dial(options, callback);
    }
    resolve(hostname).then(
      (addresses: LookupAddress[]) => {
        const judged = addresses.map((a) => ({ address: a.address, why: policy(a.address) }));
        const usable = judged.filter((a) => a.why === null).map((a) => a.address);
        if (usable.length === 0) {
          const first = judged[0];
          const err = first ? new OutboundDeniedError(first.address, hostname, first.why!) : Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND", hostname });
          return callback(err, null);
        }
        // `host` keeps the name, so TLS sends it as SNI and checks the certificate against it.
        const attempt = (i: number) =>
          dial({ ...options, hostname: usable[i]! }, (err, socket) => {
            const code = (err as { code?: string } | null)?.code;
            if (err && i + 1 < usable.length && code && tryNextCodes.has(code)) return attempt(i + 1);
            if (err) return callback(err, null);
            callback(null, socket!);
          });
        attempt(0);
      },
      (err: Error) => callback(err, null),
    );
  };
}

export interface OutboundAgentOptions extends ConnectorOptions {
  /** Sockets per origin; a receiver that answers slowly would otherwise queue every task behind a few. */
  connections?: number;
}

/** A pooled, keep-alive agent with the outbound policy in its connector. */
export function createOutboundAgent(opts: OutboundAgentOptions = {}): Agent {
  return new Agent({ connect: createPolicyConnector(opts), connections: opts.connections ?? 256, pipelining: 1, keepAliveTimeout: 4_000 });
}
