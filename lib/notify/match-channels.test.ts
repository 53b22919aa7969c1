import { describe, expect, it } from "vitest";
import { eventFor, matchAlerts, passesFilters, type FailedAttempt, type MatchableChannel } from "./match-channels";

const channel = (over: Partial<MatchableChannel> = {}): MatchableChannel => ({
  id: 1,
  events: ["task.exhausted"],
  filters: null,
  failingAfter: 3,
  ...over,
});
const attempt = (n: number, status: "retrying" | "failed", over: Partial<FailedAttempt["task"]> = {}): FailedAttempt => ({
  n,
  task: { id: "0190a0b0-0000-7000-8000-000000000001", status, url: "https://pay.example.com/cb", sourceApp: "shop", targetApp: "pay", ...over },
});

describe("events", () => {
  it("raises task.exhausted only when the budget is spent", () => {
    expect(eventFor(channel(), attempt(2, "retrying"))).toBeNull();
    expect(eventFor(channel(), attempt(10, "failed"))).toBe("task.exhausted");
  });

  it("raises task.failing at exactly the N-th consecutive failed attempt", () => {
    const c = channel({ events: ["task.failing"], failingAfter: 3 });
    expect([1, 2, 3, 4, 5].map((n) => eventFor(c, attempt(n, "retrying")))).toEqual([null, null, "task.failing", null, null]);
  });

  it("sends only task.exhausted when the N-th attempt also spends the budget", () => {
    expect(eventFor(channel({ events: ["task.exhausted", "task.failing"], failingAfter: 3 }), attempt(3, "failed"))).toBe("task.exhausted");
    expect(eventFor(channel({ events: ["task.failing"], failingAfter: 3 }), attempt(3, "failed"))).toBe("task.failing");
  });
});

describe("filters", () => {
  const task = attempt(1, "failed").task;
  it("lets everything through when empty", () => {
    expect(passesFilters(channel({ filters: null }), task)).toBe(true);
    expect(passesFilters(channel({ filters: { sourceApps: [], targetApps: [], targetHosts: [] } }), task)).toBe(true);
  });

  it("matches source app, target app and target host (with *.wildcards), all of them at once", () => {
    expect(passesFilters(channel({ filters: { sourceApps: ["shop", "crm"] } }), task)).toBe(true);
    expect(passesFilters(channel({ filters: { sourceApps: ["crm"] } }), task)).toBe(false);
    expect(passesFilters(channel({ filters: { targetApps: ["pay"] } }), task)).toBe(true);
    expect(passesFilters(channel({ filters: { targetApps: ["erp"] } }), task)).toBe(false);
    expect(passesFilters(channel({ filters: { targetHosts: ["*.example.com"] } }), task)).toBe(true);
    expect(passesFilters(channel({ filters: { targetHosts: ["pay.example.com"] } }), task)).toBe(true);
    expect(passesFilters(channel({ filters: { targetHosts: ["example.org"] } }), task)).toBe(false);
    expect(passesFilters(channel({ filters: { sourceApps: ["shop"], targetHosts: ["example.org"] } }), task)).toBe(false);
  });

  it("does not match a task without a source app against a source filter", () => {
    expect(passesFilters(channel({ filters: { sourceApps: ["shop"] } }), { ...task, sourceApp: null })).toBe(false);
  });
});

describe("matchAlerts", () => {
  it("pairs each failed attempt with every channel it concerns", () => {
    const all = channel({ id: 1 });
    const shopOnly = channel({ id: 2, filters: { sourceApps: ["shop"] }, events: ["task.exhausted", "task.failing"], failingAfter: 2 });
    const crmOnly = channel({ id: 3, filters: { sourceApps: ["crm"] } });
    const matches = matchAlerts([all, shopOnly, crmOnly], [attempt(2, "retrying"), attempt(10, "failed", { id: "t2", url: "http://h.test:8080/x" })]);
    expect(matches).toEqual([
      { channelId: 2, event: "task.failing", taskId: "0190a0b0-0000-7000-8000-000000000001", n: 2, host: "pay.example.com" },
      { channelId: 1, event: "task.exhausted", taskId: "t2", n: 10, host: "h.test:8080" },
      { channelId: 2, event: "task.exhausted", taskId: "t2", n: 10, host: "h.test:8080" },
    ]);
  });
});
