import { spawnSync } from "node:child_process";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "@/lib/clients/create-client";
import { apiClients } from "@/lib/db/schema/api-clients";
import { auditLog } from "@/lib/db/schema/audit-log";
import { baseUrl } from "./support/api";
import { callFrom, closeCallAgents } from "./support/call-from";
import { testDb } from "./support/db";
import { startWeb, waitFor, type Proc } from "./support/processes";
import { testEnv } from "./support/test-env";

// A second web server of this file's own: dual-stack (so IPv4 peers arrive as ::ffff:127.0.0.x), behind a
// "proxy" at 127.0.0.9, with a metrics token and metrics open to 127.0.0.1 alone.
const proxyPort = 3750 + (process.pid % 200);
const proxyUrl = `http://127.0.0.1:${proxyPort}`;
const METRICS_TOKEN = "metrics-token-for-the-callers-test";
let proxied: Proc;

beforeAll(async () => {
  proxied = await startWeb(proxyPort, { TRUSTED_PROXIES: "127.0.0.9", METRICS_TOKEN, METRICS_ALLOW: "127.0.0.1/32" }, { host: "::" });
});
afterAll(async () => {
  await closeCallAgents();
  await proxied?.stop();
});

let seq = 0;
async function clientWith(allowedCallerCidrs: string[] | null) {
  return createApiClient(testDb.db, { name: `callers-${process.pid}-${Date.now()}-${seq++}`, allowedCallerCidrs });
}

// Never delivered in this file (no worker runs); one attempt at most if a later file's worker sweeps it up.
const task = { url: "http://callers.example.test/hook", maxAttempts: 1 };
const kkbidaTask = { url: "http://callers.example.test/hook", requestMethod: "POST", requestParam: { a: 1 }, expectResult: "ok", limitCallCount: 1 };

const submit = (from: string, apiKey: string, origin = baseUrl(), headers: Record<string, string> = {}) =>
  callFrom(from, `${origin}/api/v1/tasks`, { json: task, headers: { authorization: `Bearer ${apiKey}`, ...headers } });
const list = (from: string, apiKey: string, origin = baseUrl(), headers: Record<string, string> = {}) =>
  callFrom(from, `${origin}/api/v1/tasks?limit=1`, { headers: { authorization: `Bearer ${apiKey}`, ...headers } });
const addTask = (from: string, c: { username: string; password: string }, origin = baseUrl(), headers: Record<string, string> = {}) =>
  callFrom(from, `${origin}/api/addTask`, { json: kkbidaTask, headers: { username: c.username, password: c.password, ...headers } });

describe("caller allow-list per API client", () => {
  it("admits a caller in the list and refuses others with 403 in the one error shape (direct and Next-routed handlers)", async () => {
    const c = await clientWith(["127.0.0.2"]);
    expect((await submit("127.0.0.2", c.apiKey)).status).toBe(201);
    expect((await list("127.0.0.2", c.apiKey)).status).toBe(200);
    for (const res of [await submit("127.0.0.3", c.apiKey), await list("127.0.0.3", c.apiKey)]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: "forbidden", message: "Calls from 127.0.0.3 are not allowed for this API client.", details: [] } });
    }
    // wrong credentials stay 401 whatever the address: the allow-list is judged only for a known client
    expect((await submit("127.0.0.3", `${c.apiKey.slice(0, -4)}AAAA`)).status).toBe(401);
  });

  it("kkbida protocol: admits a listed caller and answers others 403 with an empty body", async () => {
    const c = await clientWith(["127.0.0.0/31", "2001:db8::/32"]);
    const ok = await addTask("127.0.0.1", c);
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await addTask("127.0.0.2", c);
    expect(refused.status).toBe(403);
    expect(refused.text).toBe("");
  });

  it("a client without a list admits every caller", async () => {
    const c = await clientWith(null);
    expect((await submit("127.0.0.4", c.apiKey)).status).toBe(201);
    expect((await addTask("127.0.0.5", c)).status).toBe(200);
  });

  it("ignores a caller header or X-Forwarded-For forged by a client that is not a trusted proxy", async () => {
    const c = await clientWith(["127.0.0.2"]);
    const forged = { "x-bida-caller": "127.0.0.2", "X-Forwarded-For": "127.0.0.2", "x-real-ip": "127.0.0.2", forwarded: "for=127.0.0.2" };
    for (const origin of [baseUrl(), proxyUrl]) {
      expect((await submit("127.0.0.3", c.apiKey, origin, forged)).status).toBe(403);
      expect((await list("127.0.0.3", c.apiKey, origin, forged)).status).toBe(403);
      expect((await addTask("127.0.0.3", c, origin, forged)).status).toBe(403);
    }
  });

  it("judges an IPv4 caller reaching a dual-stack server (peer ::ffff:127.0.0.2) as 127.0.0.2", async () => {
    const c = await clientWith(["127.0.0.2"]);
    expect((await submit("127.0.0.2", c.apiKey, proxyUrl)).status).toBe(201);
    const refused = await submit("127.0.0.3", c.apiKey, proxyUrl);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("127.0.0.3");
  });

  it("matches IPv6 callers", async () => {
    const v6 = `http://[::1]:${proxyPort}`;
    const local = await clientWith(["::1/128"]);
    expect((await submit("::1", local.apiKey, v6)).status).toBe(201);
    expect((await addTask("::1", local, v6)).status).toBe(200);
    const other = await clientWith(["2001:db8::/32", "127.0.0.1"]);
    expect((await submit("::1", other.apiKey, v6)).status).toBe(403);
    expect((await addTask("::1", other, v6)).status).toBe(403);
  });
});

describe("X-Forwarded-For behind TRUSTED_PROXIES", () => {
  it("from a trusted proxy, the right-most untrusted hop is the caller", async () => {
    const c = await clientWith(["127.0.0.2"]);
    const via = (xff: string) => ({ "x-forwarded-for": xff });
    expect((await submit("127.0.0.9", c.apiKey, proxyUrl, via("127.0.0.2"))).status).toBe(201);
    expect((await addTask("127.0.0.9", c, proxyUrl, via("127.0.0.2"))).status).toBe(200);
    // a trusted hop on the right is skipped
    expect((await submit("127.0.0.9", c.apiKey, proxyUrl, via("127.0.0.2, 127.0.0.9"))).status).toBe(201);
    // the caller put 127.0.0.2 in its own header; the proxy appended the real address 127.0.0.3
    const spoofed = await submit("127.0.0.9", c.apiKey, proxyUrl, via("127.0.0.2, 127.0.0.3"));
    expect(spoofed.status).toBe(403);
    expect(spoofed.body.error.message).toContain("127.0.0.3");
    expect((await addTask("127.0.0.9", c, proxyUrl, via("127.0.0.2, 127.0.0.3"))).status).toBe(403);
    // the proxy itself, without the header, is the caller
    expect((await submit("127.0.0.9", c.apiKey, proxyUrl)).status).toBe(403);
    // a hop that is not an address leaves the caller unknown, and a forged caller header does not fill the gap
    const unknown = await submit("127.0.0.9", c.apiKey, proxyUrl, { ...via("127.0.0.2, not-an-address"), "x-bida-caller": "127.0.0.2" });
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.message).toBe("Calls from an address the server could not determine are not allowed for this API client.");
  });

  it("the main server trusts no proxy: X-Forwarded-For from 127.0.0.9 is not read", async () => {
    const c = await clientWith(["127.0.0.2"]);
    expect((await submit("127.0.0.9", c.apiKey, baseUrl(), { "x-forwarded-for": "127.0.0.2" })).status).toBe(403);
  });
});

describe("GET /api/metrics", () => {
  const metrics = (from: string, headers: Record<string, string> = {}) => callFrom(from, `${proxyUrl}/api/metrics`, { headers });

  it("answers a caller in METRICS_ALLOW and, with the token, anyone; refuses the rest", async () => {
    const fromAllowed = await metrics("127.0.0.1");
    expect(fromAllowed.status).toBe(200);
    expect(fromAllowed.text).toMatch(/^bida_queue_jobs\{queue="deliver",state="waiting"\} \d+$/m);

    const refused = await metrics("127.0.0.2");
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect(refused.text).not.toContain("bida_");

    expect((await metrics("127.0.0.2", { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
    const wrong = await metrics("127.0.0.1", { authorization: "Bearer not-the-metrics-token" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthorized");
  });

  it("a forged caller header does not open it; a trusted proxy's X-Forwarded-For does", async () => {
    expect((await metrics("127.0.0.2", { "x-bida-caller": "127.0.0.1", "x-forwarded-for": "127.0.0.1" })).status).toBe(403);
    expect((await metrics("127.0.0.9", { "x-forwarded-for": "127.0.0.1" })).status).toBe(200);
    expect((await metrics("127.0.0.9", { "x-forwarded-for": "127.0.0.1, 127.0.0.2" })).status).toBe(403);
  });
});

describe("last use", () => {
  it("records when a client's key was last used, at most once a minute", async () => {
    const c = await clientWith(null);
    const lastUsed = async () => (await testDb.db.select({ at: apiClients.lastUsedAt }).from(apiClients).where(eq(apiClients.id, c.id)))[0]!.at;
    expect(await lastUsed()).toBeNull();
    expect((await submit("127.0.0.1", c.apiKey)).status).toBe(201);
    await waitFor(async () => (await lastUsed()) !== null, 10_000);
    const first = await lastUsed();
    expect((await addTask("127.0.0.1", c)).status).toBe(200);
    expect((await submit("127.0.0.1", c.apiKey)).status).toBe(201);
    // give a wrongly eager write time to land before checking that none did
    await new Promise((r) => setTimeout(r, 300));
    expect(await lastUsed()).toEqual(first);
  });
});

describe("key rotation", () => {
  it("the new key works at once, the old one keeps working during the grace period, and both are audited", async () => {
    const { rotateClientKey } = await import("@/lib/clients/rotate-client-key");
    const c = await clientWith(null);
    // the web caches the row: the rotation below happens in another process, as on a second web server
    expect((await submit("127.0.0.1", c.apiKey)).status).toBe(201);
    const rotated = await rotateClientKey(testDb.db, { id: c.id, graceSeconds: 3600, actor: "user:callers-test" });
    expect(rotated.username).toBe(c.username);
    expect(rotated.apiKey).not.toBe(c.apiKey);
    expect(rotated.apiKey).toBe(`bida_${c.username}_${rotated.password}`);
    await waitFor(async () => (await submit("127.0.0.1", rotated.apiKey)).status === 201, 5_000);
    expect((await addTask("127.0.0.1", rotated)).status).toBe(200);
    expect((await submit("127.0.0.1", c.apiKey)).status).toBe(201);
    expect((await addTask("127.0.0.1", c)).status).toBe(200);

    const entries = (action: string) =>
      testDb.db.select().from(auditLog).where(and(eq(auditLog.objectType, "client"), eq(auditLog.objectId, c.name), eq(auditLog.action, action)));
    const [rotation] = await entries("client.rotate_key");
    expect(rotation).toMatchObject({ actor: "user:callers-test", details: { graceSeconds: 3600, previousKeyExpiresAt: rotated.previousKeyExpiresAt } });
    expect(JSON.stringify(rotation)).not.toContain(rotated.password);
    await waitFor(async () => (await entries("client.previous_key_used")).length > 0, 10_000);
    const [used] = await entries("client.previous_key_used");
    expect(used!.actor).toBe(`client:${c.name}`);
  });

  it("the old key stops working when the grace period ends, the new one goes on", async () => {
    const { rotateClientKey } = await import("@/lib/clients/rotate-client-key");
    const c = await clientWith(null);
    const rotated = await rotateClientKey(testDb.db, { id: c.id, graceSeconds: 2, actor: "user:callers-test" });
    const expiresAt = Date.parse(rotated.previousKeyExpiresAt!);
    let oldStatus = 0;
    await waitFor(async () => (oldStatus = (await submit("127.0.0.1", c.apiKey)).status) === 401, 20_000);
    // refused only once the grace period was over, never early
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(oldStatus).toBe(401);
    const kkbida = await addTask("127.0.0.1", c);
    expect(kkbida.status).toBe(401);
    expect((await submit("127.0.0.1", rotated.apiKey)).status).toBe(201);
    expect((await addTask("127.0.0.1", rotated)).status).toBe(200);
  });

  it("with no grace period the old key stops at once on the process that rotated, and within the cache time elsewhere", async () => {
    const { rotateClientKey } = await import("@/lib/clients/rotate-client-key");
    const c = await clientWith(null);
    expect((await submit("127.0.0.1", c.apiKey)).status).toBe(201);
    const rotated = await rotateClientKey(testDb.db, { id: c.id, graceSeconds: 0, actor: "user:callers-test" });
    expect(rotated.previousKeyExpiresAt).toBeNull();
    // the web server here is "elsewhere": its cached row lapses within 10 s
    await waitFor(async () => (await submit("127.0.0.1", c.apiKey)).status === 401, 20_000);
    expect((await submit("127.0.0.1", rotated.apiKey)).status).toBe(201);
  });
});

describe("the cli", () => {
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, ...testEnv } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("sets the caller allow-list with a clear error for a bad entry, and rotates the key", async () => {
    const name = `callers-cli-${process.pid}-${Date.now()}`;
    const created = cli("client", "create", name, "--callers", "127.0.0.2, 10.1.2.3/8");
    expect(created.code, created.err).toBe(0);
    const creds = JSON.parse(created.out);
    expect((await submit("127.0.0.2", creds.apiKey)).status).toBe(201);
    expect((await submit("127.0.0.3", creds.apiKey)).status).toBe(403);

    const bad = cli("client", "set-callers", name, "--callers", "192.168.1.300,10.0.0.0/40");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('"192.168.1.300" is not an IP address or CIDR');
    expect(bad.err).toContain('"10.0.0.0/40" has a prefix length over 32');

    expect(cli("client", "set-callers", name, "--callers", "127.0.0.3/32,::1").code).toBe(0);
    const listed = JSON.parse(cli("client", "list", "--json").out).find((c: { name: string }) => c.name === name);
    expect(listed.allowedCallerCidrs).toEqual(["127.0.0.3", "::1"]);
    // the web's cached row lapses within 10 s
    await waitFor(async () => (await submit("127.0.0.3", creds.apiKey)).status === 201, 20_000);

    const rotated = cli("client", "rotate-key", name, "--grace", "15m");
    expect(rotated.code, rotated.err).toBe(0);
    const next = JSON.parse(rotated.out);
    expect(next.username).toBe(creds.username);
    expect(Date.parse(next.previousKeyExpiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(cli("client", "rotate-key", name, "--grace", "forever").err).toContain("--grace: a grace period such as 0, 90s, 15m, 24h or 7d");
  });
});
