import { describe, expect, it } from "vitest";
import { taskFixture } from "@/test/fixtures/task";
import { taskAlert } from "./build-alert";

const task = taskFixture({
  url: "https://partner.example/cb?order=42&access_token=tok-SECRET-1",
  params: { order: 42, password: "pw-SECRET-2", nested: { apiKey: "key-SECRET-3" } },
  headers: { Authorization: "sbx1.sealed-value", "X-Trace": "t-1" },
});

describe("alerts carry no credentials", () => {
  it("masks the URL's secret query values in a chat message", () => {
    const alert = taskAlert({ kind: "dingtalk", format: "text", template: "${url} ${headline}" }, "task.exhausted", task, null, "a1");
    const text = JSON.stringify(alert.message);
    expect(text).toContain("order=42&access_token=****");
    expect(text).not.toContain("SECRET");
  });

  it("masks headers, secret params and query values in a webhook's payload, keeping the rest", () => {
    const alert = taskAlert({ kind: "webhook", format: "text", template: null }, "task.exhausted", task, null, "a2");
    const payload = alert.payload as { task: { url: string; params: Record<string, unknown>; headers: Record<string, string> } };
    expect(JSON.stringify(payload)).not.toContain("SECRET");
    expect(payload.task.url).toBe("https://partner.example/cb?order=42&access_token=****");
    expect(payload.task.params).toEqual({ order: 42, password: "****", nested: { apiKey: "****" } });
    expect(Object.keys(payload.task.headers)).toEqual(["Authorization", "X-Trace"]);
    expect(JSON.stringify(payload.task.headers)).not.toContain("sealed-value");
  });
});
