import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

type Ip = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Ip, number];

/**
 * Lists of IP ranges (`10.0.0.0/8`, `2001:db8::/32`, or a bare address meaning just that address), matched
 * by prefix bits, never as text: `192.168.1.100` does not admit `192.168.1.1` (kkbida's whitelist was a
 * substring match and did). IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`, what a dual-stack socket reports
 * for an IPv4 peer) are judged as the IPv4 address they carry, on both sides of the match.
 */

// What sockets report for IPv4 peers (`10.1.2.3`, or `::ffff:10.1.2.3` on a dual-stack listener): handled
// without ipaddr.js, which costs ~15 µs per parse; every request's peer goes through here.
const PLAIN_V4 = /^(?:::ffff:)?(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** A strict dotted IPv4 address (no leading zeros, each part ≤ 255), plain or IPv4-mapped, or null. */
function plainV4(text: string): string | null {
  const m = PLAIN_V4.exec(text);
  return m && isIP(m[1]!) === 4 ? m[1]! : null;
}

const v4Int = (dotted: string) => dotted.split(".").reduce((n, part) => n * 256 + Number(part), 0);

/** The address in canonical text (IPv4 dotted, IPv6 RFC 5952), or null when it is not a strict IP literal. */
export function normalizeIp(text: string): string | null {
  const fast = plainV4(text);
  if (fast) return fast;
  const ip = parseIp(text);
  return ip ? format(ip) : null;
}

/** Why a rule is not a valid CIDR, or null when it is. */
export function cidrProblem(rule: string): string | null {
  const parsed = parseRule(rule);
  return typeof parsed === "string" ? parsed : null;
}

/** The rules in canonical form; throws one Error naming every bad rule, with `label` (a setting's name) first. */
export function canonicalCidrs(rules: readonly string[], label = "CIDR list"): string[] {
  const problems: string[] = [];
  const out: string[] = [];
  for (const rule of rules) {
    const parsed = parseRule(rule);
    if (typeof parsed === "string") problems.push(parsed);
    else out.push(formatRule(parsed));
  }
  if (problems.length > 0) throw new Error(`${label}: ${problems.join("; ")}`);
  return [...new Set(out)];
}

export type IpMatcher = (ip: string | null | undefined) => boolean;

/** A matcher for the rules (validated: throws like canonicalCidrs); an address that does not parse never matches. */
export function cidrMatcher(rules: readonly string[], label?: string): IpMatcher {
  const ranges = canonicalCidrs(rules, label).map((r) => parseRule(r) as Range);
  if (ranges.length === 0) return () => false;
  // IPv4 as 32-bit numbers: network and mask, compared without any parsing library (~0.1 µs a check).
  const v4 = ranges
    .filter(([a]) => a.kind() === "ipv4")
    .map(([a, bits]) => {
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      return { net: (v4Int(a.toString()) & mask) >>> 0, mask };
    });
  const v6 = ranges.filter(([a]) => a.kind() === "ipv6");
  const inV4 = (dotted: string) => {
    const n = v4Int(dotted);
    for (const r of v4) if (((n & r.mask) >>> 0) === r.net) return true;
    return false;
  };
  return (text) => {
    if (!text) return false;
    const fast = plainV4(text);
    if (fast) return inV4(fast);
    const ip = parseIp(text);
    if (!ip) return false;
    if (ip.kind() === "ipv4") return inV4(ip.toString());
    for (const range of v6) if (ip.match(range)) return true;
    return false;
  };
}

/** Strict parse: node's isIP refuses the legacy forms ipaddr.js would take (`127.1`, `0x7f.0.0.1`, `010.0.0.1`). */
function parseIp(text: string): Ip | null {
  const bare = text.trim().replace(/^\[(.*)\]$/, "$1");
  const withoutZone = bare.split("%")[0]!;
  const family = isIP(withoutZone);
  if (family === 0) return null;
  if (family === 4 && !ipaddr.IPv4.isValidFourPartDecimal(withoutZone)) return null;
  const ip = ipaddr.parse(withoutZone);
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

function parseRule(rule: string): Range | string {
  const text = rule.trim();
  const slash = text.indexOf("/");
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? null : text.slice(slash + 1);
  const shown = JSON.stringify(rule);
  const address = addressText.includes("%") ? null : parseIp(addressText);
  if (!address) return `${shown} is not an IP address or CIDR (expected e.g. 10.0.0.0/8, 192.168.1.100 or 2001:db8::/32)`;
  const mappedV4 = address.kind() === "ipv4" && isIP(addressText) === 6;
  const max = mappedV4 ? 128 : address.kind() === "ipv4" ? 32 : 128;
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return `${shown} has a prefix length that is not a number`;
  const prefix = prefixText === null ? max : Number(prefixText);
  if (prefix > max) return `${shown} has a prefix length over ${max}`;
  if (mappedV4) {
    // ::ffff:10.0.0.0/104 is 10.0.0.0/8; a prefix shorter than the mapping itself would span non-IPv4 space.
    if (prefix < 96) return `${shown} is an IPv4-mapped range wider than ::ffff:0:0/96; write the IPv4 range instead`;
    return [address, prefix - 96];
  }
  return [address, prefix];
}

function format(ip: Ip): string {
  return ip.kind() === "ipv6" ? (ip as ipaddr.IPv6).toRFC5952String() : ip.toString();
}

/** A single address stays bare (`192.168.1.100`); a range is shown by its network address. */
function formatRule([address, prefix]: Range): string {
  const max = address.kind() === "ipv4" ? 32 : 128;
  if (prefix === max) return format(address);
  const network = address.kind() === "ipv4"
    ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`);
  return `${format(network)}/${prefix}`;
}
