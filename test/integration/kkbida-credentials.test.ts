import { spawnSync } from "node:child_process";
import bcrypt from "bcryptjs";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertChannels } from "@/lib/db/schema/alert-channels";
import { alerts } from "@/lib/db/schema/alerts";
import { apiClients } from "@/lib/db/schema/api-clients";
import { hashSecret } from "@/lib/clients/credentials";
import { createChannel } from "@/lib/notify/create-channel";
import { messageText, startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { newClient, request, type TestClient } from "./support/api";
import { attemptRows, taskRow, testDb } from "./support/db";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { testEnv } from "./support/test-env";
import { waitForFinal } from "./support/wait";

// A team moving from kkbida keeps its clients' callBack.UserName / callBack.PassWord: kkbida's own account.
const run = `kkcred-${process.pid}-${Date.now()}`;
// Free text, as kkbida's callcenter.system.username was: a dash, an underscore, a space.
const kkbidaUsername = `ops_team admin-${process.pid}`;
const kkbidaPassword = "pässwörd 1";

let receiver: Receiver;
let worker: Proc;
let platform: FakePlatform;
let native: TestClient;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/cli.ts", ...args], { encoding: "utf8", env: { ...process.env, ...testEnv } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const addTask = (body: unknown, username: string, password: string) =>
  request("/api/addTask", {
    method: "POST",
    body: JSON.stringify(body),
    // Header values are bytes: send the password as the UTF-8 a Java client sends, not as Latin-1.
    headers: { "content-type": "application/json;charset=UTF-8", username: latin1(username), password: latin1(password) },
  });
const latin1 = (s: string) => Buffer.from(s, "utf8").toString("latin1");

const kkbidaTask = (over: Record<string, unknown> = {}) => ({
  taskId: null,
  url: receiver.url("/ok"),
  requestMethod: "POST",
  requestParam: { orderId: "A-1" },
  sourceAppName: run,
  targetAppName: "yyy",
  sourceIp: null,
  expectResult: "success",
  callCount: 0,
  limitCallCount: 3,
  createDate: null,
  lastModifiedDate: null,
  expireTimestamp: null,
  ...over,
});

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.on("/ok", (_req, res) => res.end('{"result":"success"}'));
  receiver.on("/down", (_req, res) => res.writeHead(503).end("down"));
  platform = await startFakePlatform("dingtalk");
  // A fixed, short retry delay: the expiry (a few seconds away) comes long before the budget is spent.
  worker = await startWorker({ RETRY_BASE_MS: "500", RETRY_MAX_MS: "500", ALERT_CHANNEL_CACHE_MS: "100", ALERT_BACKOFF_MS: "200" });
  native = await newClient("kkcred-native");
});

afterAll(async () => {
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, `${run}%`));
  await worker?.stop();
  await receiver?.close();
  await platform?.close();
});

describe("a client created with kkbida's credentials", () => {
  let created: { name: string; apiKey: string; username: string; password: string | null };

  it("is created by the cli with the chosen username; the password is bcrypt-hashed, not printed", async () => {
    const r = cli("client", "create", `${run}-shop`, "--kkbida-username", kkbidaUsername, "--kkbida-password", kkbidaPassword);
    expect(r.code, r.stderr).toBe(0);
    created = JSON.parse(r.stdout);
    expect(created.username).toBe(kkbidaUsername);
    expect(created.password).toBeNull();
    expect(r.stdout).not.toContain(kkbidaPassword);
    const [row] = await testDb.db.select().from(apiClients).where(eq(apiClients.name, `${run}-shop`));
    // A slow hash (bcrypt, cost 10) of the person-chosen password; the fast SHA-256 stays for the generated secret.
    expect(row!.kkbidaPasswordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(await bcrypt.compare(kkbidaPassword, row!.kkbidaPasswordHash!)).toBe(true);
    expect(row!.secretHash).not.toBe(hashSecret(kkbidaPassword));
  });

  it("refuses a username another client has, and a half-given pair", () => {
    const again = cli("client", "create", `${run}-other`, "--kkbida-username", kkbidaUsername, "--kkbida-password", "x");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`already has the username "${kkbidaUsername}"`);
    const half = cli("client", "create", `${run}-half`, "--kkbida-username", "someone");
    expect(half.code).toBe(1);
    expect(half.stderr).toContain("both --kkbida-username and --kkbida-password");
    const long = cli("client", "create", `${run}-long`, "--kkbida-username", "u-long", "--kkbida-password", "é".repeat(40));
    expect(long.code).toBe(1);
    expect(long.stderr).toContain("72 bytes");
  });

  it("takes kkbida's addTask with the chosen username and password, and delivers it", async () => {
    const res = await addTask(kkbidaTask(), kkbidaUsername, kkbidaPassword);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const row = await waitForFinal(res.text);
    expect(row.status).toBe("succeeded");
    // Again and again with the same pair: each answered (the verified pair is remembered, not re-hashed).
    for (let i = 0; i < 5; i++) expect((await addTask(kkbidaTask(), kkbidaUsername, kkbidaPassword)).status).toBe(200);
  });

  it("answers 401 to a wrong password, another client's password, and the generated secret", async () => {
    expect((await addTask(kkbidaTask(), kkbidaUsername, "pässwörd 2")).status).toBe(401);
    expect((await addTask(kkbidaTask(), kkbidaUsername, native.password)).status).toBe(401);
    expect((await addTask(kkbidaTask(), native.username, kkbidaPassword)).status).toBe(401);
    // The generated secret is the API key's, not a kkbida password.
    const secret = created.apiKey.slice(-32);
    expect((await addTask(kkbidaTask(), kkbidaUsername, secret)).status).toBe(401);
  });

  it("keeps its native API key working, though the username holds spaces and underscores", async () => {
    const res = await request("/api/v1/tasks", { method: "POST", headers: { authorization: `Bearer ${created.apiKey}` }, json: { url: receiver.url("/ok"), sourceApp: run } });
    expect(res.status, res.text).toBe(201);
    const wrong = await request("/api/v1/tasks", { method: "POST", headers: { authorization: `Bearer ${created.apiKey.slice(0, -1)}x` }, json: { url: receiver.url("/ok") } });
    expect(wrong.status).toBe(401);
  });

  it("after a password change the old one stops working on the web process too, and the new one works", async () => {
    const r = cli("client", "set-kkbida-password", `${run}-shop`, "--kkbida-password", "new-one");
    expect(r.code, r.stderr).toBe(0);
    // The web process re-reads the client within its 10 s cache; the pair it remembered no longer counts then.
    await waitFor(async () => (await addTask(kkbidaTask(), kkbidaUsername, kkbidaPassword)).status === 401, 30_000);
    expect((await addTask(kkbidaTask(), kkbidaUsername, "new-one")).status).toBe(200);
  });

  it("a disabled client is refused with 403 though its credentials are right", async () => {
    expect(cli("client", "disable", `${run}-shop`).code).toBe(0);
    await waitFor(async () => (await addTask(kkbidaTask(), kkbidaUsername, "new-one")).status === 403, 30_000);
    expect(cli("client", "enable", `${run}-shop`).code).toBe(0);
    await waitFor(async () => (await addTask(kkbidaTask(), kkbidaUsername, "new-one")).status === 200, 30_000);
  });
});

describe("task expiry", () => {
  it("refuses an expiry in the past or over a year ahead, on both protocols, naming the field", async () => {
    const past = await native.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/ok"), expiresAt: new Date(Date.now() - 60_000).toISOString() } });
    expect(past.status).toBe(422);
    expect(past.body.error.details).toEqual([expect.objectContaining({ path: "expiresAt", message: "must be in the future" })]);
    const far = await native.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/ok"), expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() } });
    expect(far.status).toBe(422);
    const beforeRun = await native.call("/api/v1/tasks", {
      method: "POST",
      json: { url: receiver.url("/ok"), runAt: new Date(Date.now() + 120_000).toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(beforeRun.status).toBe(422);
    expect(beforeRun.body.error.details[0].message).toBe("must be after runAt");
    const kk = await addTask(kkbidaTask({ expireTimestamp: Date.now() - 60_000 }), native.username, native.password);
    expect(kk.status).toBe(422);
    expect(kk.text).toContain("expireTimestamp: must be in the future");
  });

  it("a kkbida task not delivered by its expireTimestamp ends failed \"expired\", alerts, and is not attempted after it", async () => {
    const sourceApp = `${run}-expiry`;
    const channel = await createChannel(testDb.db, {
      name: `${run}-expiry`,
      kind: "dingtalk",
      url: platform.url,
      format: "text",
      template: "${taskId} ${lastError} ${callCount}/${limitCallCount}",
      events: ["task.exhausted"],
      failingAfter: 3,
      enabled: true,
      filters: { sourceApps: [sourceApp], targetApps: [], targetHosts: [] },
      actor: "system",
    });
    const expireTimestamp = Date.now() + 3_000;
    const res = await addTask(kkbidaTask({ url: receiver.url("/down"), sourceAppName: sourceApp, limitCallCount: 100, expireTimestamp }), native.username, native.password);
    expect(res.status, res.text).toBe(200);
    const id = res.text;
    expect((await taskRow(id)).expiresAt!.getTime()).toBe(expireTimestamp);
    const row = await waitForFinal(id, 30_000);
    expect(row.status).toBe("failed");
    expect(row.lastError).toBe("expired");
    expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(expireTimestamp);
    // Attempts were made while it could be delivered, none started after; far fewer than its budget of 100.
    const made = await attemptRows(id);
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBeLessThan(100);
    for (const a of made) expect(a.startedAt.getTime()).toBeLessThan(expireTimestamp);
    expect(receiver.requests("/down").every((r) => r.at < expireTimestamp + 1_000)).toBe(true);
    // The alert of a spent budget, with "expired" as the reason.
    await waitFor(async () => platform.accepted.some((m) => messageText("dingtalk", m.body).startsWith(id)), 20_000);
    const text = messageText("dingtalk", platform.accepted.find((m) => messageText("dingtalk", m.body).startsWith(id))!.body);
    expect(text).toBe(`${id} expired ${made.length}/100`);
    // The platform answers before the worker records the send: wait for the row to say so.
    const sentRow = async () => (await testDb.db.select().from(alerts).where(eq(alerts.channelId, channel.id)))[0];
    await waitFor(async () => (await sentRow())?.status === "sent", 20_000);
    const sent = await sentRow();
    expect(sent).toMatchObject({ taskId: id, event: "task.exhausted", status: "sent" });
  });

  it("the native API's expiresAt is stored and shown", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const res = await native.call("/api/v1/tasks", { method: "POST", json: { url: receiver.url("/ok"), expiresAt } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.expiresAt).toBe(expiresAt);
    expect((await taskRow(res.body.id)).expiresAt!.toISOString()).toBe(expiresAt);
  });
});
