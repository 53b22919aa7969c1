import { describe, expect, it } from "vitest";
import { canonicalCidrs, cidrMatcher, cidrProblem, normalizeIp } from "./cidr-list";

describe("cidrMatcher", () => {
  it("a list holding 192.168.1.100 does not admit 192.168.1.1, 192.168.1.10 or 192.168.1.1000-like text", () => {
    const allowed = cidrMatcher(["192.168.1.100"]);
    expect(allowed("192.168.1.100")).toBe(true);
    expect(allowed("192.168.1.1")).toBe(false);
    expect(allowed("192.168.1.10")).toBe(false);
    expect(allowed("92.168.1.100")).toBe(false);
    expect(allowed("192.168.1.1000")).toBe(false);
  });

  it("matches by prefix bits, IPv4 and IPv6", () => {
    const allowed = cidrMatcher(["10.0.0.0/8", "192.168.1.0/25", "2001:db8::/32"]);
    expect(allowed("10.255.1.2")).toBe(true);
    expect(allowed("11.0.0.1")).toBe(false);
    expect(allowed("192.168.1.127")).toBe(true);
    expect(allowed("192.168.1.128")).toBe(false);
    expect(allowed("2001:db8:1::5")).toBe(true);
    expect(allowed("2001:db9::1")).toBe(false);
  });

  it("judges an IPv4-mapped IPv6 peer as the IPv4 address it carries", () => {
    const allowed = cidrMatcher(["127.0.0.2"]);
    expect(allowed("::ffff:127.0.0.2")).toBe(true);
    expect(allowed("::ffff:7f00:2")).toBe(true);
    expect(allowed("::ffff:127.0.0.1")).toBe(false);
    // and a mapped rule is the IPv4 range it names
    expect(cidrMatcher(["::ffff:10.0.0.0/104"])("10.9.9.9")).toBe(true);
    expect(cidrMatcher(["::ffff:10.0.0.0/104"])("11.0.0.1")).toBe(false);
  });

  it("handles the edges of the IPv4 number range", () => {
    expect(cidrMatcher(["0.0.0.0/0"])("255.255.255.255")).toBe(true);
    expect(cidrMatcher(["128.0.0.0/1"])("255.0.0.1")).toBe(true);
    expect(cidrMatcher(["128.0.0.0/1"])("127.255.255.255")).toBe(false);
    expect(cidrMatcher(["255.255.255.255"])("255.255.255.255")).toBe(true);
    expect(cidrMatcher(["255.255.255.255"])("255.255.255.254")).toBe(false);
    expect(cidrMatcher(["10.0.0.0/8"])("::FFFF:10.1.2.3")).toBe(true);
    expect(cidrMatcher([])("10.0.0.1")).toBe(false);
  });

  it("an IPv6 rule does not admit IPv4 callers and the reverse", () => {
    expect(cidrMatcher(["::/0"])("10.0.0.1")).toBe(false);
    expect(cidrMatcher(["0.0.0.0/0"])("2001:db8::1")).toBe(false);
    expect(cidrMatcher(["0.0.0.0/0"])("::ffff:10.0.0.1")).toBe(true);
  });

  it("never matches what is not a strict IP literal", () => {
    const allowed = cidrMatcher(["127.0.0.0/8"]);
    for (const text of ["127.1", "0x7f.0.0.1", "0177.0.0.1", "::ffff:0127.0.0.1", "127.0.0.256", "localhost", "", null, undefined, "127.0.0.1, 10.0.0.1"]) {
      expect(allowed(text)).toBe(false);
    }
  });
});

describe("CIDR validation", () => {
  it("gives a clear error naming each bad rule", () => {
    expect(() => canonicalCidrs(["10.0.0.0/8", "10.0.0.0/33", "example.com", "1.2.3.4/x"], "TRUSTED_PROXIES")).toThrow(
      /^TRUSTED_PROXIES: "10\.0\.0\.0\/33" has a prefix length over 32; "example\.com" is not an IP address or CIDR .*; "1\.2\.3\.4\/x" has a prefix length that is not a number$/,
    );
    expect(cidrProblem("2001:db8::/129")).toMatch(/over 128/);
    expect(cidrProblem("127.1")).toMatch(/not an IP address/);
    expect(cidrProblem("fe80::1%eth0")).toMatch(/not an IP address/);
    expect(cidrProblem("::ffff:0:0/64")).toMatch(/IPv4-mapped/);
    expect(cidrProblem("192.168.0.0/16")).toBeNull();
  });

  it("stores rules in canonical form, without duplicates", () => {
    expect(canonicalCidrs([" 192.168.1.100 ", "192.168.1.100/32", "10.1.2.3/8", "2001:DB8:0:0::/32", "::ffff:10.0.0.1"])).toEqual([
      "192.168.1.100",
      "10.0.0.0/8",
      "2001:db8::/32",
      "10.0.0.1",
    ]);
  });

  it("normalizes addresses", () => {
    expect(normalizeIp("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(normalizeIp("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normalizeIp("fe80::1%lo")).toBe("fe80::1");
    expect(normalizeIp("127.1")).toBeNull();
  });
});
