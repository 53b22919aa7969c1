import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { alertChannels } from "@/lib/db/schema/alert-channels";
import { getAlertAgent } from "@/lib/notify/alert-agent";
import { createChannel } from "@/lib/notify/create-channel";
import { startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { sendTestAlert } from "@/lib/notify/send-test";
import { newClient, type TestClient } from "./support/api";
import { attemptRows, testDb } from "./support/db";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWeb, startWorker, type Proc } from "./support/processes";
import { waitForFinal } from "./support/wait";

// The one test file that leaves OUTBOUND_ALLOW_LOOPBACK unset, as a real deployment does: for its own web and
// worker, and for the lib/ code it runs here (alert channels, "send test"). `loop.test` is a name that resolves to
// 127.0.0.1 (OUTBOUND_RESOLVE), so the refusal after resolution is checked without DNS.
vi.hoisted(() => {
  delete process.env.OUTBOUND_ALLOW_LOOPBACK;
  process.env.OUTBOUND_RESOLVE = "loop.test=127.0.0.1";
});
const loopbackDenied = { OUTBOUND_ALLOW_LOOPBACK: undefined, OUTBOUND_RESOLVE: "loop.test=127.0.0.1" };

const port = 4100 + (process.pid % 100);
const run = `outbound-loopback-${process.pid}-${Date.now()}`;
let web: Proc;
let worker: Proc;
let receiver: Receiver;
let platform: FakePlatform;
let client: TestClient;

beforeAll(async () => {
  receiver = await startReceiver();
  platform = await startFakePlatform("webhook");
  [web, worker] = await Promise.all([startWeb(port, loopbackDenied), startWorker(loopbackDenied)]);
  client = await newClient("loopback");
});
afterAll(async () => {
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, `${run}%`));
  await Promise.all([worker?.stop(), web?.stop()]);
  await Promise.all([receiver?.close(), platform?.close()]);
  // Back to the suite's environment, should another file run in this process.
  process.env.OUTBOUND_ALLOW_LOOPBACK = "true";
  delete process.env.OUTBOUND_RESOLVE;
});

const native = (json: unknown) =>
  fetch(`http://127.0.0.1:${port}/api/v1/tasks`, { method: "POST", headers: { authorization: `Bearer ${client.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(json) });
const kkbida = (json: unknown) =>
  fetch(`http://127.0.0.1:${port}/api/addTask`, { method: "POST", headers: { username: client.username, password: client.password, "content-type": "application/json" }, body: JSON.stringify(json) });

describe("with OUTBOUND_ALLOW_LOOPBACK unset", () => {
  const receiverPort = () => new URL(receiver.url("/")).port;
  const literals = () => [
    `http://127.0.0.1:${receiverPort()}/a`,
    `http://127.1.2.3:${receiverPort()}/a`,
    `http://2130706433:${receiverPort()}/a`, // 127.0.0.1 spelled as one number
    `http://localhost:${receiverPort()}/a`,
    `http://api.localhost:${receiverPort()}/a`,
    `http://[::1]:${receiverPort()}/a`,
    `http://[::ffff:127.0.0.1]:${receiverPort()}/a`,
    `http://[64:ff9b::7f00:1]:${receiverPort()}/a`,
  ];

  it("a literal loopback target answers 422 at submit, in the one error shape", async () => {
    for (const url of literals()) {
      const res = await native({ url });
      const body = await res.json();
      expect(res.status, url).toBe(422);
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details[0].path).toBe("url");
      expect(body.error.details[0].message, url).toMatch(/loopback/);
    }
  });

  it("and on kkbida's protocol, with its own text answer", async () => {
    const res = await kkbida({ url: `http://127.0.0.1:${receiverPort()}/a`, requestMethod: "POST" });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/^The target is not allowed\. url: target address 127\.0\.0\.1 is denied by the outbound policy: loopback$/);
  });

  it("a name resolving to loopback fails its first attempt with a plain reason, not retried, and nothing is called", async () => {
    const res = await native({ url: `http://loop.test:${receiverPort()}/hidden`, maxAttempts: 5, retry: { strategy: "fixed", delayMs: 100 } });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const task = await waitForFinal(id);
    expect(task.status).toBe("failed");
    expect(task.attempts).toBe(1);
    expect(task.lastError).toBe("target address 127.0.0.1 (loop.test) is denied by the outbound policy: loopback");
    expect(await attemptRows(id)).toHaveLength(1);
    expect(receiver.requests("/hidden")).toHaveLength(0);
  });

  it("an alert channel on a loopback address is refused with 422", async () => {
    await expect(
      createChannel(testDb.db, { name: `${run}-literal`, kind: "webhook", url: platform.url, format: "text", events: ["task.exhausted"], failingAfter: 3, enabled: true, actor: "test" }),
    ).rejects.toMatchObject({ code: "validation_failed", details: [{ path: "url", message: expect.stringMatching(/loopback/) }] });
  });

  it('"send test" to a channel whose name resolves to loopback is refused without reaching it', async () => {
    const url = platform.url.replace("127.0.0.1", "loop.test");
    const channel = await createChannel(testDb.db, { name: `${run}-named`, kind: "webhook", url, format: "text", events: ["task.exhausted"], failingAfter: 3, enabled: true, actor: "test" });
    const result = await sendTestAlert(testDb.db, getAlertAgent(), { id: channel.id, actor: "test" });
    expect(result.ok).toBe(false);
    expect(result.statusCode).toBeNull();
    expect(result.error).toBe("target address 127.0.0.1 (loop.test) is denied by the outbound policy: loopback");
    expect(platform.requests).toBe(0);
  });
});
