import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq, like } from "drizzle-orm";
import { createProxy } from "proxy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClientNetwork } from "@/lib/clients/set-client-network";
import { alertChannels } from "@/lib/db/schema/alert-channels";
import { apiClients } from "@/lib/db/schema/api-clients";
import { makeTestPki, startTlsReceiver, type TestPki, type TlsReceiver } from "@/lib/delivery/test-tls";
import { createChannel } from "@/lib/notify/create-channel";
import { startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { newClient, request, type TestClient } from "./support/api";
import { attemptRows, testDb } from "./support/db";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { waitForFinal } from "./support/wait";

// Names the worker resolves without DNS (OUTBOUND_RESOLVE): each maps to an address the policy must refuse, so a
// test passes only when the attempt fails with the policy's reason. Had the worker connected instead, the error
// would be a connect failure or timeout (nothing listens there), and the exact-reason assertions would fail.
const resolveTable = ["meta.test=169.254.169.254", "gcp.test=fd20:ce::254", "nat64.test=64:ff9b::a9fe:a9fe", "ten.test=10.0.0.1", "private.test=10.0.0.1"];

const run = `outbound-it-${process.pid}-${Date.now()}`;
let receiver: Receiver;
let worker: Proc;
let client: TestClient;
let platform: FakePlatform;
let pki: TestPki;
let tls: TlsReceiver;
let proxy: Server;
let proxyPort: number;
const tunnels: string[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  platform = await startFakePlatform("webhook");
  pki = makeTestPki();
  tls = await startTlsReceiver(pki);
  // A real forward proxy (the `proxy` package), counting the CONNECT tunnels it opens.
  proxy = createProxy(createServer());
  proxy.on("connect", (req) => tunnels.push(String(req.url)));
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyPort = (proxy.address() as AddressInfo).port;
  worker = await startWorker({ OUTBOUND_RESOLVE: resolveTable.join(","), ALERT_CHANNEL_CACHE_MS: "100" });
  client = await newClient("outbound");
}, 120_000);
afterAll(async () => {
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, `${run}%`));
  await worker?.stop();
  await Promise.all([receiver?.close(), platform?.close(), tls?.close()]);
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
});

async function submit(c: TestClient, task: Record<string, unknown>) {
  const res = await c.call("/api/v1/tasks", { method: "POST", json: task });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

/** A client whose outbound settings are set before its first call (so no cache holds the old ones). */
async function clientWith(prefix: string, changes: Record<string, unknown>) {
  const c = await newClient(prefix);
  await setClientNetwork(testDb.db, { id: c.id, actor: "test", changes });
  return c;
}

describe("literal denied hosts answer 422 at submit", () => {
  const denied = [
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[fd20:ce::254]/computeMetadata/v1/",
    "http://168.63.129.16/machine",
    "http://192.0.0.192/opc/v2/instance/",
    "http://100.100.100.200/latest/meta-data/",
    "http://0.0.0.0:9464/metrics",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[::169.254.169.254]/",
    "http://[64:ff9b::169.254.169.254]/",
    "http://[2002:a9fe:a9fe::1]/",
    "http://2852039166/", // 169.254.169.254 as one number
    "http://0xa9.0xfe.0xa9.0xfe/",
  ];

  it("on the native API, in the one error shape", async () => {
    for (const url of denied) {
      const res = await client.call("/api/v1/tasks", { method: "POST", json: { url } });
      expect(res.status, url).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.details, url).toEqual([{ path: "url", message: expect.stringMatching(/is denied by the outbound policy: /) }]);
    }
  });

  it("in a batch, only the denied item fails", async () => {
    const res = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks: [{ url: receiver.url("/batch-ok") }, { url: "http://169.254.169.254/" }] } });
    expect(res.status, res.text).toBe(200);
    const [ok, refused] = res.body.results;
    expect(ok.id).toBeTruthy();
    expect(refused.error.code).toBe("validation_failed");
    expect(refused.error.details[0].message).toMatch(/169\.254\.169\.254 is denied by the outbound policy: link-local/);
  });

  it("on kkbida's protocol, with its text answer", async () => {
    const res = await request("/api/addTask", {
      method: "POST",
      headers: { username: client.username, password: client.password, "content-type": "application/json" },
      body: JSON.stringify({ url: "http://169.254.169.254/latest/meta-data/", requestMethod: "GET" }),
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.text).toBe("The target is not allowed. url: target address 169.254.169.254 is denied by the outbound policy: link-local, where cloud metadata services live");
  });
});

describe("a name that resolves to a denied address", () => {
  it("fails the attempt with a plain reason, is not retried, and raises the usual alert", async () => {
    const sourceApp = `${run}-meta`;
    await createChannel(testDb.db, {
      name: `${run}-exhausted`,
      kind: "webhook",
      url: platform.url,
      format: "text",
      events: ["task.exhausted"],
      failingAfter: 3,
      enabled: true,
      filters: { sourceApps: [sourceApp], targetApps: [], targetHosts: [] },
      actor: "test",
    });
    const cases: Array<[string, string]> = [
      ["http://meta.test/latest/meta-data/", "target address 169.254.169.254 (meta.test) is denied by the outbound policy: link-local, where cloud metadata services live"],
      ["http://gcp.test/computeMetadata/v1/", "target address fd20:ce::254 (gcp.test) is denied by the outbound policy: GCP metadata over IPv6"],
      ["http://nat64.test/", "target address 64:ff9b::a9fe:a9fe (nat64.test) is denied by the outbound policy: link-local, where cloud metadata services live"],
    ];
    const ids = await Promise.all(cases.map(([url]) => submit(client, { url, sourceApp, maxAttempts: 5, retry: { strategy: "fixed", delayMs: 100 } })));
    for (const [i, id] of ids.entries()) {
      const task = await waitForFinal(id);
      expect([task.status, task.attempts, task.lastError]).toEqual(["failed", 1, cases[i]![1]]);
      expect(await attemptRows(id)).toHaveLength(1);
    }
    await waitFor(() => platform.accepted.length >= 1, 20_000, () => `alerts accepted: ${platform.accepted.length}`);
    expect(platform.accepted[0]!.raw).toMatch(/is denied by the outbound policy/);
  });
});

describe("a client's allowed target CIDRs", () => {
  it("are enforced on the resolved address, and on literals at submit", async () => {
    const narrow = await clientWith("cidrs", { targetCidrs: ["127.0.0.0/8"] });
    const literal = await narrow.call("/api/v1/tasks", { method: "POST", json: { url: "http://10.0.0.1/" } });
    expect(literal.status).toBe(422);
    expect(literal.body.error.details[0].message).toBe("target address 10.0.0.1 is not in this client's allowed target CIDRs");

    const hidden = await submit(narrow, { url: "http://private.test/", maxAttempts: 3 });
    const allowed = await submit(narrow, { url: receiver.url("/cidr-allowed") });
    const h = await waitForFinal(hidden);
    expect([h.status, h.attempts, h.lastError]).toEqual(["failed", 1, "target address 10.0.0.1 (private.test) is denied by the outbound policy: not in the client's allowed target CIDRs"]);
    expect((await waitForFinal(allowed)).status).toBe("succeeded");
    expect(receiver.requests("/cidr-allowed")).toHaveLength(1);
  });
});

describe("outbound options per client, end to end", () => {
  const target = (p: string) => `https://localhost:${tls.port}${p}`;

  it("a private CA's server is refused without the client's CA bundle", async () => {
    const id = await submit(client, { url: target("/plain"), maxAttempts: 1 });
    const task = await waitForFinal(id);
    expect(task.status).toBe("failed");
    expect(task.lastError).toMatch(/^TLS handshake failed/);
  });

  it("with the CA bundle and a client certificate, the call is made over mTLS", async () => {
    const mtls = await clientWith("mtls", { caBundle: pki.caPem, clientCert: pki.clientCert, clientKey: pki.clientKey });
    const [row] = await testDb.db.select({ outbound: apiClients.outbound }).from(apiClients).where(eq(apiClients.id, mtls.id));
    expect(JSON.stringify(row)).not.toContain("PRIVATE KEY");
    const id = await submit(mtls, { url: target("/mtls") });
    expect((await waitForFinal(id)).status).toBe("succeeded");
    expect(tls.seen.filter((s) => s.url === "/mtls")).toEqual([{ cn: "bida-client", authorized: true, url: "/mtls" }]);
  });

  it("through the client's egress proxy, and direct for a host in no_proxy", async () => {
    const proxied = await clientWith("proxied", { caBundle: pki.caPem, proxyUrl: `http://127.0.0.1:${proxyPort}` });
    const bypass = await clientWith("bypass", { caBundle: pki.caPem, proxyUrl: `http://127.0.0.1:${proxyPort}`, noProxy: "localhost" });
    const before = tunnels.length;
    const viaProxy = await submit(proxied, { url: target("/via-proxy") });
    expect((await waitForFinal(viaProxy)).status).toBe("succeeded");
    expect(tunnels.slice(before)).toEqual([`localhost:${tls.port}`]);
    const direct = await submit(bypass, { url: target("/direct") });
    expect((await waitForFinal(direct)).status).toBe("succeeded");
    expect(tunnels.length).toBe(before + 1);
    expect(tls.seen.map((s) => s.url)).toEqual(expect.arrayContaining(["/via-proxy", "/direct"]));
  });

  it("are set with the cli, which prints them without the key", async () => {
    const c = await newClient("cli-outbound");
    const dir = mkdtempSync(path.join(tmpdir(), "bida-cli-pem-"));
    try {
      writeFileSync(path.join(dir, "ca.pem"), pki.caPem);
      writeFileSync(path.join(dir, "c.pem"), pki.clientCert);
      writeFileSync(path.join(dir, "c.key"), pki.clientKey);
      const args = ["tsx", "scripts/cli.ts", "client", "outbound", c.name, "--target-cidrs", "127.0.0.0/8,::1/128", "--ca-file", path.join(dir, "ca.pem"), "--cert-file", path.join(dir, "c.pem"), "--key-file", path.join(dir, "c.key")];
      const { stdout } = await promisify(execFile)("npx", args, { env: process.env });
      expect(stdout).not.toContain("PRIVATE KEY");
      expect(JSON.parse(stdout)).toMatchObject({ name: c.name, targetCidrs: ["127.0.0.0/8", "::1/128"], clientCert: { subject: "CN=bida-client" }, clientKey: "stored (encrypted)" });
      const bad = await promisify(execFile)("npx", ["tsx", "scripts/cli.ts", "client", "outbound", c.name, "--target-cidrs", "10.0.0.0/99"], { env: process.env }).catch((e: { code: number; stderr: string }) => e);
      expect((bad as { code: number }).code).toBe(1);
      expect((bad as { stderr: string }).stderr).toMatch(/targetCidrs: "10.0.0.0\/99" is not an IP address or CIDR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const id = await submit(c, { url: target("/cli-mtls") });
    expect((await waitForFinal(id)).status).toBe("succeeded");
    expect(tls.seen.find((s) => s.url === "/cli-mtls")).toEqual({ cn: "bida-client", authorized: true, url: "/cli-mtls" });
  });
});
