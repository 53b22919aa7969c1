import { networkInterfaces } from "node:os";
import { BlockList, isIP } from "node:net";

/**
 * Which IP addresses Bida may connect to, as data: each denied class with the reason an operator reads in the
 * attempt log. The check runs on the address a socket is about to connect to (lib/delivery/outbound-policy.ts).
 *
 * An IPv6 address that carries an IPv4 address (mapped ::ffff:a.b.c.d, SIIT ::ffff:0:a.b.c.d, compatible
 * ::a.b.c.d, NAT64 64:ff9b::/96 and the local-use 64:ff9b:1::/48, 6to4 2002::/16) is judged as that IPv4 address
 * too: a gateway or the kernel delivers it there, so every IPv4 rule covers its IPv6 spellings.
 */
export interface Range {
  cidr: string;
  why: string;
}

/** Denied unless OUTBOUND_DENY_DEFAULTS=false: metadata services, link-local, and what is not a unicast host. */
export const defaultDeniedRanges: Range[] = [
  { cidr: "0.0.0.0/8", why: "this network (reaches this host)" },
  { cidr: "::/128", why: "unspecified address (reaches this host)" },
  // 169.254.169.254: AWS, GCP, Azure IMDS, OCI, DigitalOcean, OpenStack, Hetzner; 169.254.0.23: Tencent Cloud.
  { cidr: "169.254.0.0/16", why: "link-local, where cloud metadata services live" },
  { cidr: "fe80::/10", why: "link-local" },
  { cidr: "100.100.100.200/32", why: "Alibaba Cloud metadata" },
  { cidr: "168.63.129.16/32", why: "Azure platform (WireServer) address" },
  // IANA special purpose, not globally reachable; holds OCI's metadata 192.0.0.192 and NAT64 discovery .170/.171.
  { cidr: "192.0.0.0/24", why: "IETF protocol assignments (OCI metadata 192.0.0.192)" },
  // AWS's IPv6 metadata (fd00:ec2::254), DNS (::253) and time (::123) sit in this block.
  { cidr: "fd00:ec2::/32", why: "AWS metadata over IPv6" },
  { cidr: "fd20:ce::254/128", why: "GCP metadata over IPv6" },
  { cidr: "224.0.0.0/3", why: "multicast, reserved or broadcast (not a unicast host)" },
  { cidr: "ff00::/8", why: "multicast (not a unicast host)" },
];

export const loopbackRanges: Range[] = [
  { cidr: "127.0.0.0/8", why: "loopback" },
  { cidr: "::1/128", why: "loopback" },
];

/** Allowed by default (internal callbacks are the main use); OUTBOUND_DENY_PRIVATE=true denies them. */
export const privateRanges: Range[] = [
  { cidr: "10.0.0.0/8", why: "private range" },
  { cidr: "172.16.0.0/12", why: "private range" },
  { cidr: "192.168.0.0/16", why: "private range" },
  { cidr: "100.64.0.0/10", why: "shared address space (carrier-grade NAT)" },
  { cidr: "198.18.0.0/15", why: "benchmarking range" },
  { cidr: "fc00::/7", why: "unique local address (private)" },
  { cidr: "fec0::/10", why: "site-local address (private)" },
];

export interface AddressPolicyOptions {
  /** Only these addresses (CIDRs); empty or absent allows any that no deny rule names. */
  allow?: string[];
  deny?: string[];
  denyDefaults?: boolean;
  allowLoopback?: boolean;
  denyPrivate?: boolean;
  /** A client's own allow-list (api_clients.allowed_target_cidrs); null or absent: no narrowing. */
  clientCidrs?: string[] | null;
  /** The machine's own addresses (denied with loopback); defaults to os.networkInterfaces(), re-read every 30 s. */
  ownAddresses?: () => readonly string[];
}

/** Null when the address may be connected to; otherwise why not, in words. */
export type AddressPolicy = (ip: string) => string | null;

interface RangeList {
  list: BlockList;
  ranges: Array<{ list: BlockList; why: string }>;
}

type ExplicitOptions = Required<Omit<AddressPolicyOptions, "clientCidrs" | "ownAddresses">> & Pick<AddressPolicyOptions, "clientCidrs" | "ownAddresses">;

/**
 * The check, in order: a deny class names the reason (defaults, loopback, this machine, OUTBOUND_DENY, private);
 * then OUTBOUND_ALLOW, then the client's CIDRs, each only narrowing. Any form of the address denied denies it.
 */
export function createAddressPolicy(opts: ExplicitOptions): AddressPolicy {
  const denied = rangeList([
    ...(opts.denyDefaults ? defaultDeniedRanges : []),
    ...(opts.allowLoopback ? [] : loopbackRanges),
    ...opts.deny.map((cidr) => ({ cidr, why: "denied by OUTBOUND_DENY" })),
    ...(opts.denyPrivate ? privateRanges.map((r) => ({ ...r, why: `${r.why}, denied by OUTBOUND_DENY_PRIVATE` })) : []),
  ]);
  const allow = opts.allow.length > 0 ? blockList(opts.allow) : null;
  const client = opts.clientCidrs?.length ? blockList(opts.clientCidrs) : null; // an empty list narrows nothing
  const own = opts.allowLoopback ? null : (opts.ownAddresses ?? machineAddresses);

  return (ip) => {
    const forms = addressForms(ip);
    if (!forms) return "not an IP address";
    for (const f of forms) {
      const why = deniedBy(denied, f);
      if (why) return why;
      if (own && isOwnAddress(own(), f)) return "an address of this machine";
    }
    if (allow && !forms.some((f) => allow.check(f.address, f.family))) return "not in OUTBOUND_ALLOW";
    if (client && !forms.some((f) => client.check(f.address, f.family))) return "not in the client's allowed target CIDRs";
    return null;
  };
}

interface Form {
  address: string;
  family: "ipv4" | "ipv6";
}

/** The address itself and, for an IPv6 address carrying one, the IPv4 address it reaches. Null: not an IP. */
export function addressForms(ip: string): Form[] | null {
  const address = ip.split("%")[0]!; // an IPv6 zone id names an interface, not another address
  const family = isIP(address);
  if (family === 4) return [{ address, family: "ipv4" }];
  if (family !== 6) return null;
  const self: Form = { address, family: "ipv6" };
  const v4 = embeddedIpv4(address);
  return v4 ? [self, { address: v4, family: "ipv4" }] : [self];
}

/** The IPv4 address an IPv6 address delivers to, when it is one of the embedding forms; else null. */
export function embeddedIpv4(ipv6: string): string | null {
  const g = groups(ipv6);
  if (!g) return null;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const last32 = () => dotted(g[6]!, g[7]!);
  if (zero(0, 5) && g[5] === 0xffff) return last32(); // ::ffff:a.b.c.d, mapped
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return last32(); // ::ffff:0:a.b.c.d, SIIT translated
  // ::a.b.c.d, compatible (deprecated, still routed by some stacks); :: and ::1 are addresses of their own.
  if (zero(0, 6) && !(g[6] === 0 && g[7]! <= 1)) return last32();
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return last32(); // NAT64 well-known prefix
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return last32(); // NAT64 local use, read as its usual /96
  if (g[0] === 0x2002) return dotted(g[1]!, g[2]!); // 6to4: the relay delivers to the IPv4 host in bits 16-47
  return null;
}

function groups(ipv6: string): number[] | null {
  let canonical: string;
  try {
    canonical = new URL(`http://[${ipv6}]`).hostname.slice(1, -1); // lower case, compressed, dotted tail as hex
  } catch {
    return null;
  }
  const [head, tail] = canonical.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return all.length === 8 ? all.map((x) => parseInt(x, 16)) : null;
}

const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

function deniedBy(denied: RangeList, f: Form): string | null {
  if (!denied.list.check(f.address, f.family)) return null;
  return denied.ranges.find((r) => r.list.check(f.address, f.family))?.why ?? "denied";
}

function rangeList(ranges: Range[]): RangeList {
  return { list: blockList(ranges.map((r) => r.cidr)), ranges: ranges.map((r) => ({ list: blockList([r.cidr]), why: r.why })) };
}

/** A BlockList of CIDRs or single addresses; throws on a malformed rule, naming it. */
export function blockList(rules: readonly string[]): BlockList {
  const list = new BlockList();
  for (const rule of rules) {
    const { address, prefix, family } = parseCidr(rule);
    list.addSubnet(address, prefix, family);
  }
  return list;
}

export function parseCidr(rule: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } {
  const [address = "", prefixText, extra] = rule.trim().split("/");
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new Error(`Invalid outbound rule "${rule}": expected an IP address or CIDR such as 10.0.0.0/8`);
  }
  return { address, prefix, family: family === 4 ? "ipv4" : "ipv6" };
}

// The list built from the last address array seen; rebuilt only when machineAddresses() re-reads the interfaces.
const ownCache: { of?: readonly string[]; list?: BlockList } = {};

function isOwnAddress(own: readonly string[], f: Form): boolean {
  if (ownCache.of !== own || !ownCache.list) ownCache.list = blockList(own);
  ownCache.of = own;
  return ownCache.list.check(f.address, f.family);
}

const OWN_ADDRESSES_TTL_MS = 30_000;
let machine: { at: number; addresses: readonly string[] } | null = null;

/**
 * Every address of this machine's interfaces: a target on one reaches Bida's own services as surely as loopback
 * does. Re-read at most every 30 s, so an address added later (DHCP, a new container network) is denied soon.
 */
export function machineAddresses(): readonly string[] {
  const now = Date.now();
  if (machine && now - machine.at < OWN_ADDRESSES_TTL_MS) return machine.addresses;
  const addresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address.split("%")[0]!] : []))
    .filter((a) => isIP(a) !== 0);
  machine = { at: now, addresses };
  return addresses;
}
