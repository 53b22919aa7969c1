import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createProxy } from "proxy";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyClientNetwork, describeClientNetwork, type ClientNetwork } from "../clients/outbound-settings";
import { callTarget } from "./call-target";
import { createClientDispatcher, hasOwnNetwork } from "./client-dispatcher";
import { makeTestPki, startTlsReceiver, type TestPki, type TlsReceiver } from "./test-tls";

// The secret box needs a key; the suite's environment has none of its own.
vi.hoisted(() => {
  process.env.SECRETS_KEY ??= Buffer.alloc(32, 7).toString("base64");
});

const none: ClientNetwork = { allowedTargetCidrs: null, outbound: null };
const get = (url: string) => ({ url, method: "GET" as const, headers: {}, body: undefined });

let pki: TestPki;
let tlsServer: TlsReceiver;
let proxy: Server;
let proxyPort: number;
const tunnels: string[] = [];

beforeAll(async () => {
  pki = makeTestPki();
  tlsServer = await startTlsReceiver(pki);
  // A real forward proxy (the `proxy` package, not Bida's code); each CONNECT it serves is noted.
  proxy = createProxy(createServer());
  proxy.on("connect", (req) => tunnels.push(String(req.url)));
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyPort = (proxy.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  await tlsServer?.close();
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
});

async function call(network: ClientNetwork, url: string) {
  const dispatcher = createClientDispatcher(network);
  try {
    return await callTarget(dispatcher, get(url), { timeoutMs: 10_000 });
  } finally {
    await dispatcher.close();
  }
}

describe("a client's CA bundle and client certificate", () => {
  it("without the client's CA, the private server's certificate is refused", async () => {
    const result = await call(applyClientNetwork(none, { targetCidrs: ["127.0.0.0/8"] }), `https://localhost:${tlsServer.port}/no-ca`);
    expect(result.failure).toBe("tls");
    expect(result.error).toMatch(/TLS handshake failed/);
  });

  it("with its CA bundle the call succeeds, on top of the system's CAs, and sends no client certificate", async () => {
    const network = applyClientNetwork(none, { caBundle: pki.caPem });
    const result = await call(network, `https://localhost:${tlsServer.port}/ca`);
    expect([result.statusCode, result.error]).toEqual([200, null]);
    expect(tlsServer.seen.at(-1)).toEqual({ cn: "", authorized: false, url: "/ca" });
  });

  it("checks the certificate against the name called, not the address dialled", async () => {
    const network = applyClientNetwork(none, { caBundle: pki.caPem });
    const byIp = await call(network, `https://127.0.0.1:${tlsServer.port}/by-ip`);
    expect(byIp.failure).toBe("tls");
    expect(byIp.error).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
  });

  it("with a client certificate and key (stored sealed), the server sees mTLS from bida-client", async () => {
    const network = applyClientNetwork(none, { caBundle: pki.caPem, clientCert: pki.clientCert, clientKey: pki.clientKey });
    expect(network.outbound?.clientKeyEnc).toMatch(/^sbx1\./);
    expect(JSON.stringify(network)).not.toContain("PRIVATE KEY");
    const result = await call(network, `https://localhost:${tlsServer.port}/mtls`);
    expect([result.statusCode, result.error]).toEqual([200, null]);
    expect(tlsServer.seen.at(-1)).toEqual({ cn: "bida-client", authorized: true, url: "/mtls" });
    expect(describeClientNetwork(network)).toMatchObject({ clientCert: { subject: "CN=bida-client" }, clientKey: "stored (encrypted)" });
  });

  it("refuses settings that would fail at call time", () => {
    expect(() => applyClientNetwork(none, { caBundle: "not a certificate" })).toThrow(/outbound settings are not valid/);
    expect(() => applyClientNetwork(none, { clientCert: pki.clientCert })).toThrow(/not valid/);
    expect(() => applyClientNetwork(none, { clientCert: pki.clientCert, clientKey: pki.strayKey })).toThrow(/not valid/);
    // A new certificate alone is checked against the key already stored.
    const stored = applyClientNetwork(none, { clientCert: pki.clientCert, clientKey: pki.clientKey });
    expect(() => applyClientNetwork(stored, { clientCert: pki.serverCert })).toThrow(/not valid/);
    expect(applyClientNetwork(stored, { clientCert: pki.clientCert }).outbound?.clientKeyEnc).toBe(stored.outbound?.clientKeyEnc);
    expect(() => applyClientNetwork(none, { proxyUrl: "socks5://proxy:1080" })).toThrow(/not valid/);
    expect(() => applyClientNetwork(none, { targetCidrs: ["10.0.0.0/40"] })).toThrow(/not valid/);
  });
});

describe("a client's egress proxy", () => {
  it("tunnels the call through the proxy, keeping the CA and client certificate end to end", async () => {
    const network = applyClientNetwork(none, { caBundle: pki.caPem, clientCert: pki.clientCert, clientKey: pki.clientKey, proxyUrl: `http://127.0.0.1:${proxyPort}` });
    const before = tunnels.length;
    const result = await call(network, `https://localhost:${tlsServer.port}/via-proxy`);
    expect([result.statusCode, result.error]).toEqual([200, null]);
    expect(tunnels.slice(before)).toEqual([`localhost:${tlsServer.port}`]);
    expect(tlsServer.seen.at(-1)).toEqual({ cn: "bida-client", authorized: true, url: "/via-proxy" });
  });

  it("goes direct for a host in no_proxy", async () => {
    const network = applyClientNetwork(none, { caBundle: pki.caPem, proxyUrl: `http://127.0.0.1:${proxyPort}`, noProxy: "example.com, localhost" });
    const before = tunnels.length;
    const result = await call(network, `https://localhost:${tlsServer.port}/direct`);
    expect([result.statusCode, result.error]).toEqual([200, null]);
    expect(tunnels.length).toBe(before);
  });

  it("still refuses a denied literal host before anything reaches the proxy", async () => {
    const network = applyClientNetwork(none, { proxyUrl: `http://127.0.0.1:${proxyPort}`, targetCidrs: ["192.0.2.0/24"] });
    const before = tunnels.length;
    const metadata = await call(network, "http://169.254.169.254/latest/meta-data/");
    const outside = await call(network, "http://198.51.100.7/");
    expect([metadata.failure, outside.failure]).toEqual(["policy", "policy"]);
    expect(metadata.error).toMatch(/169\.254\.169\.254 is denied by the outbound policy: link-local/);
    expect(outside.error).toMatch(/not in this client's allowed target CIDRs/);
    expect(tunnels.length).toBe(before);
  });

  it("keeps proxy credentials sealed and out of what is shown", () => {
    const network = applyClientNetwork(none, { proxyUrl: "http://user:s3cret@proxy.internal:3128" });
    expect(network.outbound?.proxyUrl).toMatch(/^sbx1\./);
    expect(describeClientNetwork(network).proxyUrl).toBe("http://user:****@proxy.internal:3128");
  });
});

describe("which clients need an agent of their own", () => {
  it("only those with settings", () => {
    expect(hasOwnNetwork(none)).toBe(false);
    expect(hasOwnNetwork(applyClientNetwork(none, { targetCidrs: [], caBundle: null, proxyUrl: "" }))).toBe(false);
    expect(hasOwnNetwork(applyClientNetwork(none, { targetCidrs: ["10.0.0.0/8"] }))).toBe(true);
    expect(hasOwnNetwork(applyClientNetwork(none, { proxyUrl: "http://proxy.internal:3128" }))).toBe(true);
  });
});
