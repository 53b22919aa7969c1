import { describe, expect, it } from "vitest";
import { formatDateTime, formatDuration, formatMs, formatNumber, formatZoneName, shortId } from "./format";

describe("format", () => {
  it("gives durations in their two largest units", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(12 * 60_000 + 5_000)).toBe("12m 5s");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 7_000)).toBe("3d 4h");
    expect(formatDuration(3_600_000)).toBe("1h");
  });

  it("gives durations in Chinese units for zh-CN", () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000, "zh-CN")).toBe("3天 4小时");
    expect(formatMs(250, "zh-CN")).toBe("250 毫秒");
  });

  it("gives call times in ms, s, then minutes", () => {
    expect(formatMs(250)).toBe("250 ms");
    expect(formatMs(1_500)).toBe("1.50 s");
    expect(formatMs(3_600_000)).toBe("1h");
  });

  it("prints dates in the viewer's zone, naming it", () => {
    expect(formatDateTime("2026-11-27T08:04:05.000Z", { utc: true })).toBe("2026-11-27 08:04:05");
    expect(formatDateTime("2026-12-02T04:30:00.000Z", { timeZone: "Asia/Shanghai", zone: true, seconds: false })).toBe("2026-12-02 12:30 GMT+8");
    expect(formatDateTime("2026-12-02T04:30:00.000Z", { timeZone: "UTC", zone: true })).toBe("2026-12-02 04:30:00 UTC");
    expect(shortId("01a21cc9-c5f0-7214-b926-54e00bbc3525")).toBe("01a21cc9…3525");
  });

  it("groups numbers per locale", () => {
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(1234567, "zh-CN")).toBe("1,234,567");
  });

  it("names a zone as dates print it, with its offset at that instant", () => {
    expect(formatZoneName("Asia/Shanghai")).toBe("GMT+8");
    expect(formatZoneName("UTC")).toBe("UTC");
    expect(formatZoneName("America/New_York", Date.UTC(2026, 6, 1))).toBe("GMT-4");
    expect(formatZoneName("America/New_York", Date.UTC(2026, 11, 1))).toBe("GMT-5");
  });
});
