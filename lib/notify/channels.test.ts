import { afterAll, describe, expect, it } from "vitest";
import type { ChannelKind, MessageFormat } from "../db/schema/alert-channels";
import { createOutboundAgent } from "../delivery/outbound-policy";
import { taskAlert } from "./build-alert";
import { escapeMentions } from "./escape";
import { messageText, startFakePlatform, type FakePlatform } from "./fake-platforms";
import { sampleAttempt, sampleTask } from "./sample-task";
import { sendAlert } from "./send-alert";

const agent = createOutboundAgent();
const opened: FakePlatform[] = [];
afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await agent.close();
});

async function platform(kind: ChannelKind, opts: Parameters<typeof startFakePlatform>[1] = {}) {
  const p = await startFakePlatform(kind, opts);
  opened.push(p);
  return p;
}

// A target URL that would have broken kkbida's hand-built JSON and any naive markdown.
const nastyUrl = 'https://api.example.com/cb?q="quoted"&x=1\n#heading <!channel> *bold* [link](http://evil)';
const task = { ...sampleTask(), url: nastyUrl, lastError: 'HTTP 500: {"error":"boom"}\r\nsecond line' };
const attempt = { ...sampleAttempt(), error: task.lastError };

const secrets: Partial<Record<ChannelKind, string>> = {
  dingtalk: "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
  feishu: "feishuSigningSecret123",
  webhook: "whsec_" + Buffer.from("a 32-byte key for standard hooks").toString("base64"),
};

describe.each(["dingtalk", "wecom", "feishu", "slack", "webhook"] as const)("%s", (kind) => {
  it.each(["text", "markdown"] as MessageFormat[])("delivers a %s alert the fake platform accepts, signature included", async (format) => {
    const secret = secrets[kind] ?? null;
    const fake = await platform(kind, { secret: secret ?? undefined });
    const channel = { kind, format, template: null, url: fake.url, secret };
    const result = await sendAlert(agent, channel, taskAlert(channel, "task.exhausted", task, attempt, "alert_1"));

    expect(fake.refused).toEqual([]);
    expect(result).toMatchObject({ ok: true, error: null, statusCode: kind === "webhook" ? 204 : 200 });
    expect(fake.accepted).toHaveLength(1);
    const body = fake.accepted[0].body as Record<string, unknown>;
    if (kind === "webhook") {
      expect(body.event).toBe("task.exhausted");
      expect(body.task).toMatchObject({ id: task.id, url: nastyUrl, status: "failed", attemptCount: 10 });
      expect(body.lastAttempt).toMatchObject({ n: 10, statusCode: 503, ok: false });
      expect(fake.accepted[0].headers["webhook-id"]).toBe("alert_1");
      return;
    }
    const text = messageText(kind, body);
    expect(text).toContain(task.id);
    expect(text).toContain("10/10");
    expect(text).toContain("503");
    expect(text).toContain(`http://localhost:3000/tasks/${task.id}`);
    if (format === "text" && kind !== "slack") {
      // Plain text carries the values as typed, mentions made inert; JSON escaping alone kept the body valid.
      expect(text).toContain(escapeMentions(nastyUrl));
      expect(text).toContain(task.lastError);
    }
  });

  if (kind === "dingtalk" || kind === "feishu" || kind === "webhook") {
    it("is refused by the platform when signed with the wrong secret, and says why", async () => {
      const fake = await platform(kind, { secret: secrets[kind] });
      const channel = { kind, format: "text" as const, template: null, url: fake.url, secret: kind === "webhook" ? "whsec_d3Jvbmc=" : "wrong" };
      const result = await sendAlert(agent, channel, taskAlert(channel, "task.exhausted", task, attempt, "alert_2"));
      expect(result.ok).toBe(false);
      expect(result.retryable).toBe(false);
      expect(fake.accepted).toHaveLength(0);
      const expected = { dingtalk: "errcode 310000: sign not match", feishu: "errcode 19021: sign match fail", webhook: "HTTP 401" }[kind];
      expect(result.error).toContain(expected);
    });
  }
});

describe("platform answers", () => {
  it("treats errcode ≠ 0 as a failure carrying errmsg (WeCom, wrong key)", async () => {
    const fake = await platform("wecom", { token: "right-key" });
    const channel = { kind: "wecom" as const, format: "text" as const, template: null, url: fake.url.replace("right-key", "wrong-key"), secret: null };
    const result = await sendAlert(agent, channel, taskAlert(channel, "task.exhausted", task, attempt, "alert_3"));
    expect(result).toMatchObject({ ok: false, statusCode: 200, retryable: false });
    expect(result.error).toBe("errcode 93000: invalid webhook url, hint: [test]");
    expect(result.response).toContain('"errcode":93000');
  });

  it("keeps a long text under WeCom's 2,048-byte limit", async () => {
    const fake = await platform("wecom");
    const long = { ...task, lastError: "错误".repeat(600) };
    const channel = { kind: "wecom" as const, format: "text" as const, template: null, url: fake.url, secret: null };
    const result = await sendAlert(agent, channel, taskAlert(channel, "task.exhausted", long, null, "alert_4"));
    expect(result.ok).toBe(true);
    expect(Buffer.byteLength(messageText("wecom", fake.accepted[0].body))).toBeLessThanOrEqual(2048);
  });

  it("sends kkbida's own JSON template with every value JSON-escaped", async () => {
    const fake = await platform("dingtalk", { secret: secrets.dingtalk });
    const template =
      '{"msgtype":"text","text":{"content":"回调异常，taskId：${taskId}，url：${url}，发起时间：${createTime}，源服务名：${sourceAppName}，目标服务名：${targetAppName}，已达到最大重试次数：${limitCallCount}"}}';
    const channel = { kind: "dingtalk" as const, format: "text" as const, template, url: fake.url, secret: secrets.dingtalk! };
    const result = await sendAlert(agent, channel, taskAlert(channel, "task.exhausted", task, attempt, "alert_5"));
    expect(result.ok).toBe(true);
    const content = messageText("dingtalk", fake.accepted[0].body);
    expect(content).toContain(`url：${escapeMentions(nastyUrl)}，`);
    expect(content).toContain("已达到最大重试次数：10");
  });
});
