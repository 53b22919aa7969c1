import { describe, expect, it } from "vitest";
import { formatDateTime, formatDuration, formatMs, shortId } from "./format";

describe("format", () => {
  it("gives durations in their two largest units", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(12 * 60_000 + 5_000)).toBe("12m 5s");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 7_000)).toBe("3d 4h");
    expect(formatDuration(3_600_000)).toBe("1h");
  });

  it("gives call times in ms, s, then minutes", () => {
    expect(formatMs(250)).toBe("250 ms");
    expect(formatMs(1_500)).toBe("1.50 s");
    expect(formatMs(3_600_000)).toBe("1h");
  });

  it("prints dates without locale surprises", () => {
    expect(formatDateTime("2026-11-27T08:04:05.000Z", { utc: true })).toBe("2026-11-27 08:04:05");
    expect(shortId("01a21cc9-c5f0-7214-b926-54e00bbc3525")).toBe("01a21cc9…3525");
  });
});
