import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { buildConnector } from "undici";
import { callTarget } from "./call-target";
import { createOutboundAgent, isAddressAllowed } from "./outbound-policy";
import { createResolver } from "./resolve-host";
import { startReceiver, type Receiver } from "./test-receiver";

const get = (url: string) => ({ url, method: "GET" as const, headers: {}, body: undefined });

/** A dial that fails the test if the policy ever lets a connect through to it. */
function forbiddenDial(): { dial: buildConnector.connector; reached: string[] } {
  const reached: string[] = [];
  return {
    reached,
    dial: (options, callback) => {
      reached.push(options.hostname);
      callback(new Error(`the connect step was reached for ${options.hostname}`), null);
    },
  };
}

const mapTo =
  (table: Record<string, string[]>) =>
  async (hostname: string): Promise<LookupAddress[]> =>
    (table[hostname] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("the environment's policy", () => {
  it("is read from the environment: OUTBOUND_DENY, OUTBOUND_ALLOW_LOOPBACK and OUTBOUND_DENY_PRIVATE", async () => {
    vi.resetModules();
    vi.stubEnv("OUTBOUND_DENY", "203.0.113.0/24, 2001:db8:dead::/48");
    vi.stubEnv("OUTBOUND_ALLOW_LOOPBACK", "false");
    vi.stubEnv("OUTBOUND_DENY_PRIVATE", "true");
    try {
      const policy = await import("./outbound-policy");
      expect(policy.isAddressAllowed("203.0.113.7")).toBe(false);
      expect(policy.isAddressAllowed("::ffff:203.0.113.7")).toBe(false);
      expect(policy.isAddressAllowed("2001:db8:dead::1")).toBe(false);
      expect(policy.isAddressAllowed("127.0.0.1")).toBe(false);
      expect(policy.isAddressAllowed("10.0.0.1")).toBe(false);
      expect(policy.isAddressAllowed("203.0.114.7")).toBe(true);
      expect(policy.isAddressAllowed("169.254.169.254")).toBe(false);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("denies metadata whatever the switches", () => {
    expect(isAddressAllowed("169.254.169.254")).toBe(false);
    expect(isAddressAllowed("::ffff:169.254.169.254")).toBe(false);
  });
});

describe("the connector refuses without connecting", () => {
  const cases: Array<[string, string[], Record<string, unknown>, RegExp]> = [
    ["ten.test", ["10.0.0.1"], { denyPrivate: true }, /^target address 10\.0\.0\.1 \(ten\.test\) is denied by the outbound policy: private range/],
    ["meta.test", ["169.254.169.254"], {}, /169\.254\.169\.254 \(meta\.test\) .*link-local/],
    ["gcp6.test", ["fd20:ce::254"], {}, /GCP metadata/],
    ["nat64.test", ["64:ff9b::a9fe:a9fe"], {}, /link-local/],
    ["loop.test", ["127.0.0.1", "::1"], { allowLoopback: false }, /127\.0\.0\.1 \(loop\.test\) .*loopback/],
    ["outside.test", ["10.9.0.1"], { clientCidrs: ["10.20.0.0/16"] }, /client's allowed target CIDRs/],
  ];
  it.each(cases)("%s resolving to %j", async (name, addresses, opts, message) => {
    const { dial, reached } = forbiddenDial();
    const agent = createOutboundAgent({ ...opts, resolve: mapTo({ [name]: addresses }), dial });
    const result = await callTarget(agent, get(`http://${name}:8080/`), { timeoutMs: 5_000 });
    await agent.close();
    expect(reached).toEqual([]);
    expect(result.statusCode).toBeNull();
    expect(result.failure).toBe("policy");
    expect(result.error).toMatch(message);
  });

  it.each(["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://[::ffff:169.254.169.254]/", "http://127.0.0.1:9464/metrics", "http://[::1]:9464/"])(
    "an IP-literal URL %s",
    async (url) => {
      const { dial, reached } = forbiddenDial();
      const agent = createOutboundAgent({ allowLoopback: false, dial });
      const result = await callTarget(agent, get(url), { timeoutMs: 5_000 });
      await agent.close();
      expect(reached).toEqual([]);
      expect(result.failure).toBe("policy");
      expect(result.error).toMatch(/is denied by the outbound policy/);
    },
  );

  it("connects only to the addresses that passed, when a name has both kinds", async () => {
    const { dial, reached } = forbiddenDial();
    const agent = createOutboundAgent({ resolve: mapTo({ "mixed.test": ["169.254.169.254", "10.0.0.1"] }), dial });
    await callTarget(agent, get("http://mixed.test/"), { timeoutMs: 5_000 });
    await agent.close();
    expect(reached).toEqual(["10.0.0.1"]);
  });
});

describe("OUTBOUND_RESOLVE's static answers", () => {
  it("map a name to any address, judged like DNS answers", async () => {
    const resolve = createResolver(["Ten.Test=10.0.0.1", "two.test=10.0.0.2", "two.test=fd00::2"]);
    expect(await resolve("ten.test")).toEqual([{ address: "10.0.0.1", family: 4 }]);
    expect(await resolve("two.test")).toEqual([{ address: "10.0.0.2", family: 4 }, { address: "fd00::2", family: 6 }]);
    expect(() => createResolver(["ten.test"])).toThrow(/Invalid OUTBOUND_RESOLVE entry "ten.test"/);
    expect(() => createResolver(["ten.test=not-an-ip"])).toThrow(/Invalid OUTBOUND_RESOLVE/);
  });
});

describe("the outbound agent against a real receiver", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it("refuses loopback by default and calls it when loopback is allowed, by name and by address", async () => {
    const port = new URL(receiver.url).port;
    const closed = createOutboundAgent({ allowLoopback: false });
    const refused = await callTarget(closed, get(`http://localhost:${port}/refused`), { timeoutMs: 5_000 });
    await closed.close();
    expect(refused.error).toMatch(/^target address (127\.0\.0\.1|::1) \(localhost\) is denied by the outbound policy: loopback$/);

    const open = createOutboundAgent({ allowLoopback: true });
    const byName = await callTarget(open, get(`http://localhost:${port}/by-name`), { timeoutMs: 5_000 });
    const byAddress = await callTarget(open, get(`http://127.0.0.1:${port}/by-address`), { timeoutMs: 5_000 });
    const pinned = createOutboundAgent({ allowLoopback: true, resolve: createResolver([`pinned.test=127.0.0.1`]) });
    const byPin = await callTarget(pinned, get(`http://pinned.test:${port}/by-pin`), { timeoutMs: 5_000 });
    await Promise.all([open.close(), pinned.close()]);
    expect([byName.statusCode, byName.error, byAddress.statusCode, byAddress.error, byPin.statusCode]).toEqual([200, null, 200, null, 200]);
    expect(receiver.received.map((r) => r.url)).toEqual(["/by-name", "/by-address", "/by-pin"]);
  });

  it("tries the next allowed address when the first refuses the connection", async () => {
    const port = new URL(receiver.url).port;
    const agent = createOutboundAgent({ allowLoopback: true, resolve: mapTo({ "two.test": ["::1", "127.0.0.1"] }) });
    const result = await callTarget(agent, get(`http://two.test:${port}/second`), { timeoutMs: 5_000 });
    await agent.close();
    expect([result.statusCode, result.error]).toEqual([200, null]);
  });
});
