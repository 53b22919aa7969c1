import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { eq, inArray, like } from "drizzle-orm";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertChannels } from "@/lib/db/schema/alert-channels";
import { alerts } from "@/lib/db/schema/alerts";
import { apiClients } from "@/lib/db/schema/api-clients";
import { attempts } from "@/lib/db/schema/attempts";
import { kkbidaImports } from "@/lib/db/schema/kkbida-imports";
import { tasks } from "@/lib/db/schema/tasks";
import { messageText, startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { baseUrl, request } from "./support/api";
import { callFrom, closeCallAgents } from "./support/call-from";
import { attemptRows, testDb } from "./support/db";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { testEnv } from "./support/test-env";
import { waitForFinal } from "./support/wait";

// kkbida's database as its fixture has it (three tasks, their logs, one DingTalk webhook), loaded into a scratch
// database beside the suite's, plus one task of this test's whose resumed delivery fails until it is spent.
const fixture = (name: string) => readFileSync(path.resolve("test/fixtures", name), "utf8");
const bidaDb = new URL(testEnv.DATABASE_URL!);
const scratchName = `${bidaDb.pathname.slice(1)}_src1`;
const scratchUrl = `${bidaDb.protocol}//${bidaDb.username}${bidaDb.password ? `:${bidaDb.password}` : ""}@${bidaDb.host}/${scratchName}`;
const source = `${bidaDb.hostname}:${bidaDb.port || "3306"}/${scratchName}`;
const clientName = `kkbida-${process.pid}`;
// The fixture's account, made unique so a suite re-run against an unreset database does not collide.
const username = `admin-${process.pid}`;

const ids = { succeeded: "3e41bc91-0707-4b3a-a562-3aec4ed35815", retrying: "7c0a2f55-3c1e-4d8a-9b1f-2b6d9e0a1c42", spent: "a9d3e7b2-5f14-4c60-8e21-6f0b7c3d2e19", failing: "f00dcafe-0000-4000-8000-00000000beef" };

let admin: mysql.Connection;
let receiver: Receiver;
let worker: Proc | null = null;
let dingtalk: FakePlatform;
let webhookSink: FakePlatform;
let dir: string;
let propertiesFile: string;
/** The imported client's native API key, from the import's output. */
let apiKey = "";

function importKkbida(extra: string[], env: Record<string, string> = {}) {
  const args = ["node_modules/tsx/dist/cli.mjs", "scripts/cli.ts", "import", "kkbida", "--from", scratchUrl, "--properties", propertiesFile, "--client", clientName, ...extra];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, ...testEnv, RETENTION_DAYS: "36500", ...env } });
  let summary: Record<string, any> | null = null; // eslint-disable-line @typescript-eslint/no-explicit-any -- the cli's JSON, read field by field
  try {
    summary = JSON.parse(r.stdout);
  } catch {
    summary = null;
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary };
}

/** Everything an import can write, to prove a run wrote nothing. */
async function footprint() {
  const count = async (table: typeof tasks | typeof alertChannels | typeof apiClients | typeof kkbidaImports) => (await testDb.db.select().from(table)).length;
  return { tasks: await count(tasks), channels: await count(alertChannels), clients: await count(apiClients), imports: await count(kkbidaImports) };
}

const importedTasks = () => testDb.db.select().from(tasks).where(inArray(tasks.externalId, Object.values(ids)));

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.on("/pay/notify", (_req, res) => res.end('{"result":"success"}'));
  receiver.on("/stock/notify", (_req, res) => res.writeHead(500).end("out of stock"));
  dingtalk = await startFakePlatform("dingtalk", { token: "kkbidaRobot" });
  webhookSink = await startFakePlatform("dingtalk", { token: "kkbidaGeneric" });
  dir = mkdtempSync(path.join(tmpdir(), "kkbida-import-"));
  propertiesFile = path.join(dir, "application.properties");
  writeFileSync(propertiesFile, fixture("kkbida-application.properties").replace("callcenter.system.username = admin", `callcenter.system.username = ${username}`));

  admin = await mysql.createConnection({ uri: testEnv.DATABASE_URL!, multipleStatements: true, charset: "utf8mb4" });
  await admin.query(`DROP DATABASE IF EXISTS \`${scratchName}\`; CREATE DATABASE \`${scratchName}\` CHARACTER SET utf8mb4; USE \`${scratchName}\`;`);
  await admin.query(fixture("kkbida-schema.sql"));
  // The fixture's URLs name a closed port; ours point at the local receiver. Nothing here calls off this machine.
  const base = receiver.url("");
  await admin.query("UPDATE callback_task SET url = REPLACE(url, 'http://127.0.0.1:9', ?)", [base]);
  await admin.query(
    "INSERT INTO callback_task VALUES (?, 1, '2026-11-20 11:00:00', 'OK', NULL, b'0', '2026-11-20 11:01:00', 2, 'POST', '{\"sku\":\"X\",\"qty\":1}', 'stock-service', '192.168.1.100', 'warehouse', ?)",
    [ids.failing, `${base}/stock/notify`],
  );
  await admin.query("INSERT INTO call_back_log (createDate, isSuccess, lastModifiedDate, responseTxt, taskId) VALUES ('2026-11-20 11:01:00', b'0', '2026-11-20 11:01:00', 'out of stock', ?)", [ids.failing]);
  // The fixture's robot stays a generic webhook (its host is not DingTalk's) posting kkbida's body to a local stand-in;
  // a second one names DingTalk's host, to be imported as a DingTalk channel — and repointed before any alert goes.
  await admin.query("UPDATE web_hook SET url = ?", [webhookSink.url]);
  await admin.query("INSERT INTO web_hook (content, contentType, memo, requestMethod, url) SELECT content, contentType, '运维群', 'POST', 'https://oapi.dingtalk.com/robot/send?access_token=kkbidaRobot' FROM web_hook");
  await admin.query(`USE \`${bidaDb.pathname.slice(1)}\``);
});

afterAll(async () => {
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, "kkbida %"));
  await worker?.stop();
  await admin?.query(`DROP DATABASE IF EXISTS \`${scratchName}\``);
  await admin?.end();
  await receiver?.close();
  await dingtalk?.close();
  await webhookSink?.close();
  await closeCallAgents();
  rmSync(dir, { recursive: true, force: true });
});

describe("cli import kkbida", () => {
  it("refuses to resume tasks while kkbida may still be delivering them, and writes nothing", async () => {
    const before = await footprint();
    const r = importKkbida([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("2 kkbida task(s) still have attempts left");
    expect(r.stderr).toContain("called twice");
    expect(r.stderr).toContain("--kkbida-stopped");
    expect(await footprint()).toEqual(before);
  });

  it("--dry-run shows what would happen, retention included, and writes nothing", async () => {
    const before = await footprint();
    const r = importKkbida(["--dry-run"], { RETENTION_DAYS: "1" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary!.dryRun).toBe(true);
    expect(r.summary!.tasks.imported).toEqual({ resumed: 2 });
    expect(r.summary!.tasks.skipped).toEqual({ "finished before RETENTION_DAYS": 2 });
    expect(r.summary!.channels.imported).toEqual({ webhook: 1, dingtalk: 1 });
    expect(r.summary!.notes.join(" ")).toContain("--kkbida-stopped");
    expect(r.stderr).toContain("Dry run (nothing written)");
    expect(await footprint()).toEqual(before);
  });

  it("imports tasks with their history, webhooks as channels and the properties as the client, raising no alert", async () => {
    const r = importKkbida(["--kkbida-stopped"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/kkbida import: 4 of 4 tasks read, 4 imported, 0 skipped/);
    expect(r.summary!.tasks.imported).toEqual({ succeeded: 1, resumed: 2, failed: 1 });
    expect(r.summary!.attempts).toBe(7);

    const rows = new Map((await importedTasks()).map((t) => [t.externalId, t]));
    expect(rows.size).toBe(4);
    // callCount and limitCallCount kept; times read as Asia/Shanghai (10:00 there is 02:00 UTC).
    expect(rows.get(ids.succeeded)).toMatchObject({ status: "succeeded", attempts: 1, maxAttempts: 3, protocol: "kkbida", method: "GET", params: { city: "上海" } });
    expect(rows.get(ids.succeeded)!.createdAt.toISOString()).toBe("2026-11-20T02:00:00.000Z");
    expect(rows.get(ids.retrying)).toMatchObject({ attempts: 2, maxAttempts: 5, expect: { bodyContains: "success" }, sourceApp: "pay-service", targetApp: "order-service" });
    expect(rows.get(ids.spent)).toMatchObject({ status: "failed", attempts: 3, maxAttempts: 3, lastError: "kkbida: fail" });
    const history = await attemptRows(rows.get(ids.retrying)!.id);
    expect(history.map((a) => [a.n, a.ok, a.responseExcerpt])).toEqual([
      [1, false, "502 Bad Gateway"],
      [2, false, "I/O error on POST request: Connection refused"],
    ]);
    expect(history[0]!.startedAt.toISOString()).toBe("2026-11-20T02:06:00.000Z");
    expect((await attemptRows(rows.get(ids.succeeded)!.id)).map((a) => a.ok)).toEqual([true]);

    const [client] = await testDb.db.select().from(apiClients).where(eq(apiClients.name, clientName));
    expect(client!.username).toBe(username);
    expect(await bcrypt.compare("admin", client!.kkbidaPasswordHash!)).toBe(true);
    expect(client!.allowedCallerCidrs).toEqual(["127.0.0.1", "::1", "192.168.1.100"]);
    apiKey = r.summary!.client.created.apiKey;
    expect(apiKey).toMatch(new RegExp(`^bida_${username}_`));

    const channels = await testDb.db.select().from(alertChannels).where(like(alertChannels.name, "kkbida %")).orderBy(alertChannels.id);
    expect(channels.map((c) => [c.name, c.kind])).toEqual([["kkbida 1 支付组钉钉群", "webhook"], ["kkbida 2 运维群", "dingtalk"]]);
    expect(channels[0]!.template).toBe(fixture("kkbida-alert-template.json").trim());
    expect(channels[0]!.events).toEqual(["task.exhausted"]);
    // Remembered by kkbida id: the client, two webhooks, four tasks.
    expect((await testDb.db.select().from(kkbidaImports).where(eq(kkbidaImports.source, source))).map((i) => i.kind).sort()).toEqual(["client", "task", "task", "task", "task", "webhook", "webhook"]);
    // The failed history is not an alert.
    expect(await testDb.db.select().from(alerts).where(inArray(alerts.taskId, [...rows.values()].map((t) => t.id)))).toEqual([]);
    // Point the DingTalk channel at the local stand-in before any worker runs: nothing may call DingTalk itself.
    await testDb.db.update(alertChannels).set({ url: dingtalk.url }).where(eq(alertChannels.id, channels[1]!.id));
  });

  it("lets kkbida's clients in with kkbida's credentials from its whitelist only", async () => {
    const body = { url: receiver.url("/pay/notify"), requestMethod: "POST", requestParam: { a: 1 }, expectResult: "success", limitCallCount: 1 };
    const headers = { "content-type": "application/json", username, password: "admin" };
    const allowed = await callFrom("127.0.0.1", `${baseUrl()}/api/addTask`, { headers, body: JSON.stringify(body) });
    expect(allowed.status, allowed.text).toBe(200);
    const outside = await callFrom("127.0.0.2", `${baseUrl()}/api/addTask`, { headers, body: JSON.stringify(body) });
    expect(outside.status).toBe(403);
  });

  it("finds an imported task by kkbida's id", async () => {
    const res = await request(`/api/v1/tasks?externalId=${ids.retrying}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((t: { externalId: string }) => t.externalId)).toEqual([ids.retrying]);
  });

  it("delivers the resumed tasks, and a spent one alerts through kkbida's webhooks with kkbida's text", async () => {
    // An imported channel has no filters (kkbida's alerted for every task), and the suite's database holds other
    // files' spent tasks, whose alerts would share these channels (and their folding window): keep them to the app
    // of the one imported task that is to be spent.
    await testDb.db.update(alertChannels).set({ filters: { sourceApps: ["stock-service"] } }).where(like(alertChannels.name, "kkbida %"));
    worker = await startWorker({ TZ: "Asia/Shanghai", RETRY_BASE_MS: "200", ALERT_CHANNEL_CACHE_MS: "100", ALERT_BACKOFF_MS: "200" });
    const rows = new Map((await importedTasks()).map((t) => [t.externalId, t]));
    const paid = await waitForFinal(rows.get(ids.retrying)!.id, 30_000);
    expect(paid).toMatchObject({ status: "succeeded", attempts: 3 });
    const [call] = receiver.requests("/pay/notify").filter((q) => q.headers["x-bida-task-id"] === paid.id);
    expect(call!.method).toBe("POST");
    expect(JSON.parse(call!.body)).toEqual({ orderId: "A-1001", amount: 12.5, items: [{ sku: "X", qty: 2 }] });

    const stock = await waitForFinal(rows.get(ids.failing)!.id, 30_000);
    expect(stock).toMatchObject({ status: "failed", attempts: 2 });
    // kkbida's template, filled as kkbida filled it: its id, the URL, the creation time as kkbida printed it.
    const expected = JSON.parse(fixture("kkbida-alert-template.json")).text.content
      .replace("${taskId}", ids.failing)
      .replace("${url}", receiver.url("/stock/notify"))
      .replace("${createTime}", "2026-11-20 11:00:00")
      .replace("${sourceAppName}", "stock-service")
      .replace("${targetAppName}", "warehouse")
      .replace("${limitCallCount}", "2");
    // An imported channel alerts for every task, as kkbida's did: in the shared suite database other files' spent
    // tasks reach it too, so only the imported task's messages are compared.
    const ours = (platform: typeof dingtalk) => platform.accepted.map((m) => messageText("dingtalk", m.body)).filter((text) => text.includes(ids.failing));
    for (const platform of [webhookSink, dingtalk]) {
      await waitFor(() => ours(platform).length > 0, 20_000, () => JSON.stringify(platform.refused));
      expect(ours(platform)).toEqual([expected]);
    }
  });

  it("a second run adds nothing, even after retention deleted the imported tasks", async () => {
    const again = importKkbida(["--kkbida-stopped"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.summary!.tasks.imported).toEqual({});
    expect(again.summary!.tasks.skipped).toEqual({ "already imported": 4 });
    expect(again.summary!.channels.skipped).toEqual({ "already imported": 2 });
    expect(again.summary!.client.changes).toEqual([]);
    const gone = (await importedTasks()).map((t) => t.id);
    await testDb.db.delete(attempts).where(inArray(attempts.taskId, gone));
    await testDb.db.delete(tasks).where(inArray(tasks.id, gone));
    const before = await footprint();
    const third = importKkbida(["--kkbida-stopped"]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.summary!.tasks.imported).toEqual({});
    expect(await footprint()).toEqual(before);
  });
});
