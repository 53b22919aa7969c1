import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callTarget } from "./call-target";
import { createAddressCheck, createOutboundAgent, isAddressAllowed } from "./outbound-policy";
import { startReceiver, type Receiver } from "./test-receiver";

const get = (url: string) => ({ url, method: "GET" as const, headers: {}, body: undefined });

describe("isAddressAllowed with the default policy", () => {
  it.each([
    "169.254.169.254",
    "169.254.0.1",
    "100.100.100.200",
    "0.0.0.0",
    "0.1.2.3",
    "fe80::1",
    "fe80::1%eth0",
    "fd00:ec2::254",
    "::",
    "::ffff:169.254.169.254",
    "::ffff:a9fe:a9fe",
    "0:0:0:0:0:ffff:a9fe:a9fe",
    "::ffff:100.100.100.200",
    "not-an-ip",
  ])("denies %s", (ip) => {
    expect(isAddressAllowed(ip)).toBe(false);
  });

  it.each(["127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.100.100.201", "8.8.8.8", "2001:db8::1", "::ffff:10.0.0.1"])(
    "allows %s",
    (ip) => {
      expect(isAddressAllowed(ip)).toBe(true);
    },
  );
});

describe("operator rules", () => {
  it("denies an OUTBOUND_DENY range read from the environment", async () => {
    vi.resetModules();
    vi.stubEnv("OUTBOUND_DENY", "203.0.113.0/24, 2001:db8:dead::/48");
    try {
      const policy = await import("./outbound-policy");
      expect(policy.isAddressAllowed("203.0.113.7")).toBe(false);
      expect(policy.isAddressAllowed("::ffff:203.0.113.7")).toBe(false);
      expect(policy.isAddressAllowed("2001:db8:dead::1")).toBe(false);
      expect(policy.isAddressAllowed("203.0.114.7")).toBe(true);
      expect(policy.isAddressAllowed("169.254.169.254")).toBe(false);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("with an allow list, allows only what it lists, and deny still wins", () => {
    const allowed = createAddressCheck({ allow: ["10.0.0.0/8", "192.0.2.1"], deny: ["10.9.0.0/16"], denyDefaults: true });
    expect(allowed("10.1.1.1")).toBe(true);
    expect(allowed("192.0.2.1")).toBe(true);
    expect(allowed("192.0.2.2")).toBe(false);
    expect(allowed("127.0.0.1")).toBe(false);
    expect(allowed("10.9.1.1")).toBe(false);
  });

  it("lets the metadata address through only when the defaults are turned off", () => {
    expect(createAddressCheck({ denyDefaults: false, allow: [], deny: [] })("169.254.169.254")).toBe(true);
    expect(createAddressCheck({ denyDefaults: true, allow: ["169.254.0.0/16"], deny: [] })("169.254.169.254")).toBe(false);
  });

  it("rejects a malformed rule at start-up", () => {
    expect(() => createAddressCheck({ deny: ["10.0.0.0/33"] })).toThrow(/Invalid outbound rule "10.0.0.0\/33"/);
    expect(() => createAddressCheck({ allow: ["example.com"] })).toThrow(/Invalid outbound rule/);
  });
});

describe("the outbound agent", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it("refuses an IP-literal URL naming the metadata address, without connecting", async () => {
    const agent = createOutboundAgent();
    const result = await callTarget(agent, get("http://169.254.169.254/latest/meta-data/"), { timeoutMs: 5_000 });
    await agent.close();
    expect(result.statusCode).toBeNull();
    expect(result.error).toBe("target address 169.254.169.254 is denied by the outbound policy");
    expect(result.durationMs).toBeLessThan(1_000);
  });

  it("refuses a host name once it resolves to a denied address", async () => {
    const port = new URL(receiver.url).port;
    const agent = createOutboundAgent({ deny: ["127.0.0.0/8", "::1/128"] });
    const result = await callTarget(agent, get(`http://localhost:${port}/`), { timeoutMs: 5_000 });
    await agent.close();
    expect(result.error).toMatch(/^target address (127\.0\.0\.1|::1) \(localhost\) is denied by the outbound policy$/);
    expect(receiver.received).toHaveLength(0);
  });

  it("calls an allowed loopback target by name and by address", async () => {
    const port = new URL(receiver.url).port;
    const agent = createOutboundAgent({ deny: ["::1/128"] });
    const byName = await callTarget(agent, get(`http://localhost:${port}/by-name`), { timeoutMs: 5_000 });
    const byAddress = await callTarget(agent, get(`http://127.0.0.1:${port}/by-address`), { timeoutMs: 5_000 });
    await agent.close();
    expect([byName.statusCode, byName.error, byAddress.statusCode, byAddress.error]).toEqual([200, null, 200, null]);
    expect(receiver.received.map((r) => r.url)).toEqual(["/by-name", "/by-address"]);
  });
});
