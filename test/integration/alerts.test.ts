import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertChannels, type AlertChannel } from "@/lib/db/schema/alert-channels";
import { alerts } from "@/lib/db/schema/alerts";
import { createChannel } from "@/lib/notify/create-channel";
import { messageText, startFakePlatform, type FakePlatform } from "@/lib/notify/fake-platforms";
import { newClient, type TestClient } from "./support/api";
import { testDb } from "./support/db";
import { startReceiver, type Receiver } from "./support/receiver";
import { startWorker, waitFor, type Proc } from "./support/processes";
import { waitForFinal } from "./support/wait";

// Short windows and backoffs keep the suite quick; the behaviour is the same at the defaults (10 s, 2 s).
const windowMs = 3_000;
const alertAttempts = 4;
const workerEnv = {
  ALERT_WINDOW_MS: String(windowMs),
  ALERT_ATTEMPTS: String(alertAttempts),
  ALERT_BACKOFF_MS: "200",
  ALERT_CHANNEL_CACHE_MS: "100",
  PUBLIC_URL: "http://console.test",
};

// Every channel here filters on a source app of its own, so failures from other test files never reach it.
const run = `alerts-it-${process.pid}-${Date.now()}`;
const app = (name: string) => `${run}-${name}`;

let receiver: Receiver;
let worker: Proc;
let client: TestClient;
const platforms: FakePlatform[] = [];

beforeAll(async () => {
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, "alerts-it-%"));
  receiver = await startReceiver();
  receiver.on("/fail", (_req, res) => res.writeHead(500).end("upstream exploded"));
  worker = await startWorker(workerEnv);
  client = await newClient("alerts");
});

afterAll(async () => {
  await testDb.db.delete(alertChannels).where(like(alertChannels.name, `${run}%`));
  await worker?.stop();
  await receiver?.close();
  await Promise.all(platforms.map((p) => p.close()));
});

async function platform(...args: Parameters<typeof startFakePlatform>) {
  const p = await startFakePlatform(...args);
  platforms.push(p);
  return p;
}

async function channel(name: string, fields: Partial<Parameters<typeof createChannel>[1]> & Pick<AlertChannel, "kind" | "url">): Promise<AlertChannel> {
  return createChannel(testDb.db, {
    name: `${run}-${name}`,
    format: "text",
    events: ["task.exhausted"],
    failingAfter: 3,
    enabled: true,
    filters: { sourceApps: [app(name)], targetApps: [], targetHosts: [] },
    actor: "system",
    ...fields,
  });
}

async function submitFailing(sourceApp: string, extra: Record<string, unknown> = {}) {
  const res = await client.call("/api/v1/tasks", {
    method: "POST",
    json: { url: receiver.url("/fail"), sourceApp, targetApp: "billing", maxAttempts: 2, retry: { strategy: "fixed", delayMs: 100 }, ...extra },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

const alertRows = (channelId: number) => testDb.db.select().from(alerts).where(eq(alerts.channelId, channelId)).orderBy(alerts.id);

describe("alerts for failed tasks", () => {
  it("sends task.exhausted once the budget is spent, signed, with current values", async () => {
    const secret = "SECintegration0123456789abcdef";
    const ding = await platform("dingtalk", { secret });
    const ch = await channel("exhausted", { kind: "dingtalk", url: ding.url, secret });
    const id = await submitFailing(app("exhausted"));

    expect((await waitForFinal(id)).status).toBe("failed");
    await waitFor(() => ding.accepted.length === 1, 10_000, () => JSON.stringify(ding.refused));
    const text = messageText("dingtalk", ding.accepted[0].body);
    expect(text).toContain(id);
    expect(text).toContain(`URL: ${receiver.url("/fail")}`);
    expect(text).toContain("Attempts: 2/2"); // kkbida would have said 1
    expect(text).toContain("Last status: 500");
    expect(text).toContain(`http://console.test/tasks/${id}`);

    await waitFor(async () => (await alertRows(ch.id))[0]?.status === "sent", 5_000);
    const [row] = await alertRows(ch.id);
    expect(row).toMatchObject({ taskId: id, event: "task.exhausted", status: "sent", attempts: 1, responseStatus: 200 });
    expect(row.response).toBe('{"errcode":0,"errmsg":"ok"}');
  });

  it("sends task.failing after exactly N consecutive failed attempts, and respects filters", async () => {
    const wecom = await platform("wecom");
    const ch = await channel("failing", { kind: "wecom", url: wecom.url, events: ["task.failing"], failingAfter: 2 });
    const other = await platform("wecom");
    await channel("other-host", {
      kind: "wecom",
      url: other.url,
      events: ["task.failing", "task.exhausted"],
      failingAfter: 1,
      filters: { sourceApps: [app("failing")], targetApps: [], targetHosts: ["*.example.org"] },
    });
    const id = await submitFailing(app("failing"), { maxAttempts: 4 });

    expect((await waitForFinal(id)).status).toBe("failed");
    await waitFor(() => wecom.accepted.length === 1, 10_000);
    await new Promise((r) => setTimeout(r, 1_000)); // room for a wrong second alert to show up
    expect(wecom.accepted).toHaveLength(1);
    expect(messageText("wecom", wecom.accepted[0].body)).toContain("failing: 2 failed attempts so far");
    expect((await alertRows(ch.id)).map((r) => r.event)).toEqual(["task.failing"]);
    // The task's host is 127.0.0.1, not *.example.org: that channel hears nothing.
    expect(other.requests).toBe(0);
  });

  it("folds a flood of 500 failures into a handful of messages, one per window", async () => {
    const slack = await platform("slack");
    const ch = await channel("flood", { kind: "slack", url: slack.url });
    const tasks = Array.from({ length: 500 }, () => ({ url: receiver.url("/fail"), sourceApp: app("flood"), maxAttempts: 1 }));
    const res = await client.call("/api/v1/tasks/batch", { method: "POST", json: { tasks } });
    expect(res.status, res.text).toBe(200);
    const ids = (res.body.results as { id: string }[]).map((r) => r.id);
    expect(ids).toHaveLength(500);

    // Every task is accounted for: one sent on its own, the rest counted in summaries.
    const covered = () =>
      slack.accepted.reduce((sum, m) => {
        const folded = /(\d+) more tasks? failed/.exec((m.body as { text: string }).text);
        return sum + (folded ? Number(folded[1]) : 1);
      }, 0);
    await waitFor(() => covered() >= 500, 60_000, () => `covered ${covered()} in ${slack.accepted.length} messages`);
    await new Promise((r) => setTimeout(r, windowMs + 500)); // a message too many would come within a window
    expect(covered()).toBe(500);
    expect(slack.accepted.length).toBeGreaterThanOrEqual(2);
    expect(slack.accepted.length).toBeLessThanOrEqual(6);
    const summary = slack.accepted.find((m) => /more tasks failed for host 127\.0\.0\.1:\d+/.test((m.body as { text: string }).text));
    expect(summary, "a summary names the host").toBeDefined();
    // At most one message per channel per window (a little slack for timer jitter).
    for (let i = 1; i < slack.accepted.length; i++) {
      expect(slack.accepted[i].at - slack.accepted[i - 1].at).toBeGreaterThanOrEqual(windowMs - 100);
    }

    // The log holds all 500: a few sent on their own (one per window that opened with it), the others folded
    // into the summary that carried them; every message on the wire is one of those rows.
    const rows = await testDb.db.select().from(alerts).where(and(eq(alerts.channelId, ch.id), inArray(alerts.taskId, ids)));
    expect(rows).toHaveLength(500);
    const sent = rows.filter((r) => r.status === "sent");
    const folded = rows.filter((r) => r.status === "folded");
    expect(sent.length + folded.length).toBe(500);
    expect(folded.length).toBeGreaterThan(400);
    expect(folded.every((r) => r.foldedInto !== null)).toBe(true);
    const summaries = (await alertRows(ch.id)).filter((r) => r.event === "summary");
    expect(summaries.every((r) => r.status === "sent")).toBe(true);
    expect(new Set(folded.map((r) => r.foldedInto))).toEqual(new Set(summaries.map((r) => r.id)));
    expect(sent.length + summaries.length).toBe(slack.accepted.length);
  });

  it("retries a channel that is down until it answers, logging every try", async () => {
    const feishu = await platform("feishu", { secret: "feishu-secret", failFirst: 2 });
    const ch = await channel("flaky", { kind: "feishu", url: feishu.url, secret: "feishu-secret" });
    const id = await submitFailing(app("flaky"));

    await waitForFinal(id);
    await waitFor(() => feishu.accepted.length === 1, 15_000, () => `requests: ${feishu.requests}`);
    expect(feishu.requests).toBe(3);
    await waitFor(async () => (await alertRows(ch.id))[0]?.status === "sent", 5_000);
    const [row] = await alertRows(ch.id);
    expect(row).toMatchObject({ status: "sent", attempts: 3, responseStatus: 200, error: null });
  });

  it("gives up on a channel that stays down after ALERT_ATTEMPTS tries, with the reason", async () => {
    const gone = await platform("webhook");
    await gone.close(); // nothing listens on its port any more
    const ch = await channel("down", { kind: "webhook", url: gone.url });
    const id = await submitFailing(app("down"));

    await waitForFinal(id);
    await waitFor(async () => (await alertRows(ch.id))[0]?.status === "failed", 20_000);
    const [row] = await alertRows(ch.id);
    expect(row.attempts).toBe(alertAttempts);
    expect(row.error).toContain("connection refused");
  });
});
