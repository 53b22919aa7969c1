import { describe, expect, it } from "vitest";
import type { AlertChannel } from "../db/schema/alert-channels";
import { isSecretName, maskSecretHeaders, maskSecretParams, maskSecretQuery, maskTaskFields, maskUrl } from "./mask";
import { serializeChannel } from "./serialize-channel";

const urls = {
  dingtalk: ["https://oapi.dingtalk.com/robot/send?access_token=9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a1b", "9f2c4e6a8b0d1f3e5a7c9e1b"],
  wecom: ["https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", "693a91f6-7xxx"],
  feishu: ["https://open.feishu.cn/open-apis/bot/v2/hook/2b1c8e5a-3d4f-4e6a-9b7c-1d2e3f4a5b6c", "2b1c8e5a-3d4f"],
  slack: ["https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "T00000000"],
  webhook: ["https://ops:hunter2@alerts.example.com/hooks/ingest?token=abcdef0123456789abcdef", "hunter2"],
} as const;

describe("maskUrl", () => {
  it.each(Object.entries(urls))("hides the credential in a %s URL", (_kind, [url, secretPart]) => {
    const masked = maskUrl(url);
    expect(masked).not.toContain(secretPart);
    expect(masked).toContain("****");
    expect(masked.startsWith(url.slice(0, url.indexOf("/", 8)).replace(/\/\/.*@/, "//****@"))).toBe(true);
  });

  it("keeps the host and short path so the operator recognises the channel", () => {
    expect(maskUrl(urls.dingtalk[0])).toBe("https://oapi.dingtalk.com/robot/send?access_token=9f2c****");
    expect(maskUrl(urls.slack[0])).toBe("https://hooks.slack.com/services/****/****/XXXX****");
  });
});

describe("serializeChannel", () => {
  it("never carries the secret or the URL token", () => {
    const row: AlertChannel = {
      id: 7,
      name: "ops",
      kind: "dingtalk",
      url: urls.dingtalk[0],
      secret: "SECtopsecretvalue0123456789",
      format: "text",
      template: null,
      locale: "en",
      filters: null,
      events: ["task.exhausted"],
      failingAfter: 3,
      enabled: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const json = JSON.stringify(serializeChannel(row));
    expect(json).not.toContain("SECtopsecretvalue");
    expect(json).not.toContain(urls.dingtalk[1]);
    expect(serializeChannel(row)).toMatchObject({ hasSecret: true, url: "https://oapi.dingtalk.com/robot/send?access_token=9f2c****" });
  });
});

describe("secret-looking task fields", () => {
  it("counts credential names case-insensitively, as substrings", () => {
    for (const name of ["Authorization", "Proxy-Authorization", "Cookie", "set-cookie", "X-Api-Key", "api_key", "apikey", "access_token", "X-Auth-Token", "client_secret", "Password", "db_passwd", "X-Hub-Signature-256", "aws_credentials"]) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ["Content-Type", "Accept", "X-Request-Id", "city", "amount", "user"]) expect(isSecretName(name), name).toBe(false);
  });

  it("masks header values of secret names and keeps the others", () => {
    expect(maskSecretHeaders({ Authorization: "sbx1.abc", "X-Api-Key": "k", "X-Trace": "t1" })).toEqual({ Authorization: "****", "X-Api-Key": "****", "X-Trace": "t1" });
    expect(maskSecretHeaders(null)).toBeNull();
  });

  it("masks params of secret names at any depth, whatever their type", () => {
    const params = { city: "上海", password: "hunter2", nested: { apiKey: 42, ok: true, list: [{ token: ["a"] }, "plain"] } };
    expect(maskSecretParams(params)).toEqual({ city: "上海", password: "****", nested: { apiKey: "****", ok: true, list: [{ token: "****" }, "plain"] } });
    expect(params.password).toBe("hunter2");
  });

  it("masks secret query values and user:password in a URL, the rest byte for byte", () => {
    expect(maskSecretQuery("https://h.example/cb?city=%E4%B8%8A&access_token=abc123&Sign=x&page=2#top")).toBe(
      "https://h.example/cb?city=%E4%B8%8A&access_token=****&Sign=x&page=2#top",
    );
    expect(maskSecretQuery("https://u:pw@h.example/p?api%5Fkey=zzz&flag")).toBe("https://****@h.example/p?api%5Fkey=****&flag");
    expect(maskSecretQuery("https://h.example/p@q")).toBe("https://h.example/p@q");
  });

  it("masks only headers unless asked for all", () => {
    const task = { url: "https://h/x?token=t", params: { secret: "s" }, headers: { Cookie: "c" } };
    expect(maskTaskFields(task, { all: false })).toEqual({ url: "https://h/x?token=t", params: { secret: "s" }, headers: { Cookie: "****" } });
    expect(maskTaskFields(task, { all: true })).toEqual({ url: "https://h/x?token=****", params: { secret: "****" }, headers: { Cookie: "****" } });
  });
});
