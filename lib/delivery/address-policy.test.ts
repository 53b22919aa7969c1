import { describe, expect, it } from "vitest";
import { createAddressPolicy, embeddedIpv4, machineAddresses } from "./address-policy";

const base = { allow: [], deny: [], denyDefaults: true, allowLoopback: false, denyPrivate: false, ownAddresses: () => ["192.0.2.10", "2001:db8::10"] };
const policy = createAddressPolicy(base);

/** The IPv6 spellings of an IPv4 address that reach it: mapped, SIIT, compatible, NAT64 (both prefixes), 6to4. */
function ipv6Forms(v4: string): string[] {
  const [a, b, c, d] = v4.split(".").map(Number) as [number, number, number, number];
  const hi = ((a << 8) | b).toString(16);
  const lo = ((c << 8) | d).toString(16);
  return [`::ffff:${v4}`, `::ffff:${hi}:${lo}`, `0:0:0:0:0:ffff:${hi}:${lo}`, `::ffff:0:${v4}`, `::${v4}`, `::${hi}:${lo}`, `64:ff9b::${v4}`, `64:ff9b::${hi}:${lo}`, `64:ff9b:1::${hi}:${lo}`, `2002:${hi}:${lo}::1`];
}

describe("the default policy", () => {
  const denied: Array<[string, RegExp]> = [
    ["169.254.169.254", /link-local/],
    ["169.254.0.23", /link-local/],
    ["100.100.100.200", /Alibaba/],
    ["168.63.129.16", /Azure/],
    ["192.0.0.192", /OCI/],
    ["0.0.0.0", /this network/],
    ["0.1.2.3", /this network/],
    ["127.0.0.1", /^loopback$/],
    ["127.255.255.254", /^loopback$/],
    ["::1", /^loopback$/],
    ["::", /unspecified/],
    ["fe80::1", /link-local/],
    ["fe80::1%eth0", /link-local/],
    ["fd00:ec2::254", /AWS/],
    ["fd20:ce::254", /GCP/],
    ["224.0.0.1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["ff02::1", /multicast/],
    ["192.0.2.10", /this machine/],
    ["2001:db8::10", /this machine/],
    ["not-an-ip", /not an IP/],
  ];
  it.each(denied)("denies %s (%s)", (ip, why) => {
    expect(policy(ip)).toMatch(why);
  });

  it.each(["10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "fd12:3456::1", "8.8.8.8", "100.100.100.201", "168.63.129.17", "2001:db8::1", "192.0.2.11"])("allows %s", (ip) => {
    expect(policy(ip)).toBeNull();
  });

  // Every denied IPv4 class, in every IPv6 spelling that reaches it.
  it.each(["169.254.169.254", "100.100.100.200", "168.63.129.16", "192.0.0.192", "127.0.0.1", "0.0.0.0", "192.0.2.10", "224.0.0.1"])("denies the IPv6 forms of %s", (v4) => {
    for (const form of ipv6Forms(v4)) expect(policy(form), form).not.toBeNull();
    expect(policy(v4)).not.toBeNull();
  });

  it("judges the IPv6 forms of an allowed IPv4 address as allowed", () => {
    for (const form of ipv6Forms("8.8.8.8")) expect(policy(form), form).toBeNull();
    for (const form of ipv6Forms("10.0.0.1")) expect(policy(form), form).toBeNull();
  });

  it("reads the IPv4 address each embedding carries, and nothing from other addresses", () => {
    expect(embeddedIpv4("::ffff:a9fe:a9fe")).toBe("169.254.169.254");
    expect(embeddedIpv4("64:ff9b::7f00:1")).toBe("127.0.0.1");
    expect(embeddedIpv4("2002:a9fe:a9fe:1::5")).toBe("169.254.169.254");
    expect(embeddedIpv4("::7f00:1")).toBe("127.0.0.1");
    expect(embeddedIpv4("::1")).toBeNull();
    expect(embeddedIpv4("::")).toBeNull();
    expect(embeddedIpv4("2001:db8::7f00:1")).toBeNull();
    expect(embeddedIpv4("64:ff9b:2::7f00:1")).toBeNull();
  });
});

describe("the switches", () => {
  it("OUTBOUND_ALLOW_LOOPBACK opens loopback and this machine's addresses, and nothing else", () => {
    const open = createAddressPolicy({ ...base, allowLoopback: true });
    for (const ip of ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1", "64:ff9b::127.0.0.1", "192.0.2.10", "2001:db8::10"]) expect(open(ip), ip).toBeNull();
    for (const ip of ["169.254.169.254", "0.0.0.0", "::", "fd00:ec2::254", "::ffff:169.254.169.254"]) expect(open(ip), ip).not.toBeNull();
  });

  it("OUTBOUND_DENY_PRIVATE denies every private range and its IPv6 forms", () => {
    const closed = createAddressPolicy({ ...base, denyPrivate: true });
    for (const ip of ["10.0.0.1", "172.31.255.255", "192.168.0.1", "100.64.0.1", "198.18.0.1", "fc00::1", "fd12:3456::1", "fec0::1", ...ipv6Forms("10.0.0.1")]) {
      expect(closed(ip), ip).toMatch(/OUTBOUND_DENY_PRIVATE/);
    }
    expect(closed("8.8.8.8")).toBeNull();
    expect(closed("172.32.0.1")).toBeNull();
  });

  it("OUTBOUND_DENY_DEFAULTS=false opens metadata but not loopback", () => {
    const open = createAddressPolicy({ ...base, denyDefaults: false });
    expect(open("169.254.169.254")).toBeNull();
    expect(open("127.0.0.1")).toBe("loopback");
  });

  it("a client's CIDRs narrow the policy, judged on IPv6 forms too, and never widen it", () => {
    const client = createAddressPolicy({ ...base, clientCidrs: ["10.20.0.0/16", "2001:db8:1::/48"] });
    expect(client("10.20.1.1")).toBeNull();
    expect(client("::ffff:10.20.1.1")).toBeNull();
    expect(client("2001:db8:1::5")).toBeNull();
    expect(client("10.21.1.1")).toMatch(/client's allowed target CIDRs/);
    expect(client("8.8.8.8")).toMatch(/client's allowed target CIDRs/);
    const wide = createAddressPolicy({ ...base, clientCidrs: ["0.0.0.0/0", "::/0"] });
    expect(wide("169.254.169.254")).toMatch(/link-local/);
    expect(wide("127.0.0.1")).toBe("loopback");
  });

  it("operator rules: deny wins over allow, and an allow list admits only what it lists", () => {
    const p = createAddressPolicy({ ...base, allow: ["10.0.0.0/8", "192.0.2.1"], deny: ["10.9.0.0/16"] });
    expect(p("10.1.1.1")).toBeNull();
    expect(p("192.0.2.1")).toBeNull();
    expect(p("192.0.2.2")).toBe("not in OUTBOUND_ALLOW");
    expect(p("10.9.1.1")).toBe("denied by OUTBOUND_DENY");
    expect(p("::ffff:10.9.1.1")).toBe("denied by OUTBOUND_DENY");
  });

  it("rejects a malformed rule, naming it", () => {
    expect(() => createAddressPolicy({ ...base, deny: ["10.0.0.0/33"] })).toThrow(/Invalid outbound rule "10.0.0.0\/33"/);
    expect(() => createAddressPolicy({ ...base, clientCidrs: ["example.com"] })).toThrow(/Invalid outbound rule/);
    expect(() => createAddressPolicy({ ...base, allow: ["10.0.0.0/8/1"] })).toThrow(/Invalid outbound rule/);
  });
});

describe("this machine's addresses", () => {
  it("come from its interfaces, loopback among them", () => {
    expect(machineAddresses()).toContain("127.0.0.1");
  });

  it("are denied by the default policy (no test doubles)", () => {
    const real = createAddressPolicy({ ...base, ownAddresses: undefined });
    for (const ip of machineAddresses()) expect(real(ip), ip).not.toBeNull();
  });
});
