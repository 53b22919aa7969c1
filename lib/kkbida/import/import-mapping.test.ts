import { describe, expect, it } from "vitest";
import { channelKindFor } from "./channel-kind";
import { ignoreIpToCidrs, readKkbidaProperties } from "./kkbida-properties";
import { wallTimeToDate } from "./kkbida-time";
import { mapTask, type KkbidaTaskRow } from "./map-task";

describe("kkbida import mapping", () => {
  it("takes the channel kind from the robot URL's host", () => {
    expect(channelKindFor("https://oapi.dingtalk.com/robot/send?access_token=x")).toBe("dingtalk");
    expect(channelKindFor("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")).toBe("wecom");
    expect(channelKindFor("https://hooks.example.com/x")).toBe("webhook");
    expect(channelKindFor("https://oapi.dingtalk.com.evil.example/robot")).toBe("webhook");
  });

  it("turns ignoreIp into exact caller addresses, localhost into both loopbacks", () => {
    expect(ignoreIpToCidrs("127.0.0.1,localhost,192.168.1.100")).toEqual(["127.0.0.1", "::1", "192.168.1.100"]);
    expect(() => ignoreIpToCidrs("192.168.1.")).toThrow(/ignoreIp/);
    const s = readKkbidaProperties("callcenter.system.username = admin\ncallcenter.system.password = se\\u00e7ret\n");
    expect(s).toEqual({ username: "admin", password: "seçret", callerCidrs: null });
  });

  it("reads kkbida's wall times in the given zone", () => {
    expect(wallTimeToDate("2026-11-20 10:00:00", "Asia/Shanghai")!.toISOString()).toBe("2026-11-20T02:00:00.000Z");
    expect(wallTimeToDate("2026-07-01 12:00:00", "Europe/Berlin")!.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(wallTimeToDate("2026-01-01 12:00:00", "Europe/Berlin")!.toISOString()).toBe("2026-01-01T11:00:00.000Z");
    expect(wallTimeToDate(null, "UTC")).toBeNull();
    expect(wallTimeToDate("0000-00-00 00:00:00", "UTC")).toBeNull();
  });

  const row = (over: Partial<KkbidaTaskRow> = {}): KkbidaTaskRow => ({
    taskId: "7c0a2f55-3c1e-4d8a-9b1f-2b6d9e0a1c42",
    callCount: 2,
    createDate: "2026-11-20 10:05:00",
    expectResult: "success",
    expireTimestamp: null,
    isSuccess: 0,
    lastModifiedDate: "2026-11-20 10:07:00",
    limitCallCount: 5,
    requestMethod: "POST",
    requestParamTxt: '{"orderId":"A-1001"}',
    sourceAppName: "pay-service",
    targetAppName: "order-service",
    url: "http://127.0.0.1:9/pay/notify",
    ...over,
  });
  const now = new Date("2026-12-01T00:00:00Z");
  const opts = { clientId: 1, timeZone: "Asia/Shanghai", now, retentionCutoff: null, pendingOnly: false };

  it("resumes a task with attempts left, keeping callCount and limitCallCount", () => {
    const plan = mapTask(row(), [], opts);
    expect(plan.kind).toBe("resumed");
    if (plan.kind !== "resumed") return;
    expect(plan.task).toMatchObject({ status: "retrying", attempts: 2, maxAttempts: 5, externalId: row().taskId, expect: { bodyContains: "success" }, nextAttemptAt: now, finishedAt: null });
    expect(plan.task.createdAt!.toISOString()).toBe("2026-11-20T02:05:00.000Z");
  });

  it("keeps succeeded and spent tasks as history, skips succeeded ones with --pending-only, old ones by retention", () => {
    expect(mapTask(row({ isSuccess: 1 }), [], opts).kind).toBe("succeeded");
    expect(mapTask(row({ callCount: 5 }), [], opts).kind).toBe("failed");
    expect(mapTask(row({ isSuccess: 1 }), [], { ...opts, pendingOnly: true })).toEqual({ kind: "skipped", reason: "succeeded (--pending-only)" });
    expect(mapTask(row({ callCount: 5 }), [], { ...opts, retentionCutoff: now })).toEqual({ kind: "skipped", reason: "finished before RETENTION_DAYS" });
    // Retention never drops an open task: it is not history yet.
    expect(mapTask(row(), [], { ...opts, retentionCutoff: now }).kind).toBe("resumed");
    expect(mapTask(row({ expireTimestamp: "2026-11-21 00:00:00" }), [], opts)).toMatchObject({ kind: "expired", task: { lastError: "expired", status: "failed" } });
  });

  it("skips rows Bida cannot rebuild, saying why", () => {
    expect(mapTask(row({ url: "ftp://x" }), [], opts)).toMatchObject({ kind: "skipped", reason: expect.stringContaining("url") });
    expect(mapTask(row({ requestMethod: "PUTX" }), [], opts)).toMatchObject({ kind: "skipped", reason: expect.stringContaining("requestMethod") });
    expect(mapTask(row({ requestParamTxt: "[1,2]" }), [], opts)).toMatchObject({ kind: "skipped", reason: expect.stringContaining("requestParamTxt") });
  });
});
