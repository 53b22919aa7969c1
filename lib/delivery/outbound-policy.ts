import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector } from "undici";
import { env } from "../env";

/**
 * Which target addresses Bida may connect to. The check runs on the address the socket actually connects to
 * (inside the connector, after DNS), so a host name that resolves, or re-resolves, to a metadata address is
 * caught: there is no window between a check and the connect.
 *
 * - Denied by default: link-local (where every cloud's metadata service lives), the other metadata addresses,
 *   and "this network" 0.0.0.0/8 (which reaches the local host on Linux). Private RFC 1918 and loopback
 *   targets are allowed, because calling internal systems is the main use.
 * - OUTBOUND_DENY adds deny rules; a non-empty OUTBOUND_ALLOW allows only addresses it lists. Deny wins over
 *   allow; to reach a default-denied address, set OUTBOUND_DENY_DEFAULTS=false.
 * - IPv4-mapped IPv6 addresses (::ffff:169.254.169.254) are judged as the IPv4 address they carry.
 */
export const defaultDeniedRanges = [
  "0.0.0.0/8",
  "169.254.0.0/16", // link-local; 169.254.169.254 is the AWS, GCP, Azure, Oracle and DigitalOcean metadata
  "100.100.100.200/32", // Alibaba Cloud metadata
  "::/128",
  "fe80::/10",
  "fd00:ec2::254/128", // AWS metadata over IPv6
];

export interface OutboundPolicyOptions {
  allow?: string[];
  deny?: string[];
  denyDefaults?: boolean;
}

export type AddressCheck = (ip: string) => boolean;

export class OutboundDeniedError extends Error {
  readonly code = "EBIDA_OUTBOUND_DENIED";

  constructor(readonly address: string, hostname?: string) {
    const via = hostname && hostname !== address ? ` (${hostname})` : "";
    super(`target address ${address}${via} is denied by the outbound policy`);
    this.name = "OutboundDeniedError";
  }
}

/** Builds the address check from explicit rules; rules left out come from the environment. */
export function createAddressCheck(opts: OutboundPolicyOptions = {}): AddressCheck {
  const denyDefaults = opts.denyDefaults ?? env.delivery.outboundDenyDefaults;
  const deny = blockList([...(denyDefaults ? defaultDeniedRanges : []), ...(opts.deny ?? env.delivery.outboundDeny)]);
  const allowRules = opts.allow ?? env.delivery.outboundAllow;
  const allow = allowRules.length > 0 ? blockList(allowRules) : null;
  return (ip) => {
    const address = normalize(ip);
    const type = isIP(address) === 4 ? "ipv4" : isIP(address) === 6 ? "ipv6" : null;
    if (!type) return false; // not an address at all: nothing to connect to
    if (deny.check(address, type)) return false;
    return allow ? allow.check(address, type) : true;
  };
}

let envCheck: AddressCheck | undefined;

/** Whether the environment's policy lets Bida connect to this IP address. */
export function isAddressAllowed(ip: string): boolean {
  envCheck ??= createAddressCheck();
  return envCheck(ip);
}

export interface OutboundAgentOptions extends OutboundPolicyOptions {
  /** Sockets per origin; a receiver that answers slowly would otherwise queue every task behind a few. */
  connections?: number;
  /** Longest TCP+TLS handshake; each call's own deadline is usually shorter and wins. */
  connectTimeoutMs?: number;
}

/** The pooled, keep-alive agent every delivery goes through, with the outbound policy in its connector. */
export function createOutboundAgent(opts: OutboundAgentOptions = {}): Agent {
  const allowed = createAddressCheck(opts);
  const connectVia = buildConnector({ lookup: policyLookup(allowed), timeout: opts.connectTimeoutMs ?? 60_000 });
  const connect: buildConnector.connector = (options, callback) => {
    // Node skips the lookup for an IP literal, so a URL naming the address itself is checked here.
    if (isIP(options.hostname) && !allowed(options.hostname)) {
      callback(new OutboundDeniedError(options.hostname), null);
      return;
    }
    connectVia(options, callback);
  };
  return new Agent({ connect, connections: opts.connections ?? 256, pipelining: 1, keepAliveTimeout: 4_000 });
}

/** dns.lookup with denied addresses removed; when none is left the connect fails with OutboundDeniedError. */
function policyLookup(allowed: AddressCheck): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 0);
      const usable = addresses.filter((a) => allowed(a.address));
      if (usable.length === 0) {
        const first = addresses[0]?.address ?? hostname;
        return callback(new OutboundDeniedError(first, hostname), "", 0);
      }
      // Node asks for every address when it races IPv4 against IPv6 (autoSelectFamily), else for one.
      if (options.all) callback(null, usable);
      else callback(null, usable[0].address, usable[0].family);
    });
  };
}

function blockList(rules: string[]): BlockList {
  const list = new BlockList();
  for (const rule of rules) {
    const [address, prefixText] = rule.trim().split("/");
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new Error(`Invalid outbound rule "${rule}": expected an IP address or CIDR such as 10.0.0.0/8`);
    }
    list.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
  }
  return list;
}

/** Drops an IPv6 zone id and turns an IPv4-mapped IPv6 address into the IPv4 address it carries. */
function normalize(ip: string): string {
  const address = ip.split("%")[0];
  if (isIP(address) !== 6 || !/^[0:]*:ffff:/i.test(address)) return address;
  const canonical = new URL(`http://[${address}]`).hostname.slice(1, -1); // e.g. ::ffff:a9fe:a9fe
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(canonical);
  if (!m) return address;
  const hi = parseInt(m[1], 16);
  const lo = parseInt(m[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
