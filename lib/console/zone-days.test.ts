import { describe, expect, it } from "vitest";
import { daysInZone } from "./zone-days";

const hourly = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ t: from + i * 3_600_000, ok: 1, failed: 0 }));

describe("daysInZone", () => {
  it("sums hours into Shanghai's days, today last, whatever zone the server runs in", () => {
    // 2026-12-02 10:30 in Shanghai is 02:30 UTC: in UTC it is still early on the same date, but Shanghai's day began
    // at 16:00 UTC the day before.
    const now = Date.UTC(2026, 11, 2, 2, 30);
    const shanghaiMidnight = Date.UTC(2026, 11, 1, 16);
    const days = daysInZone(
      [
        { t: shanghaiMidnight - 8 * 86_400_000, ok: 100, failed: 0 }, // before the week
        { t: shanghaiMidnight - 3_600_000, ok: 2, failed: 1 }, // 23:00 yesterday in Shanghai
        { t: shanghaiMidnight, ok: 3, failed: 0 },
        { t: Date.UTC(2026, 11, 2, 2), ok: 4, failed: 2 },
      ],
      now,
      "Asia/Shanghai",
    );
    expect(days).toHaveLength(7);
    expect(days[6]).toEqual({ t: shanghaiMidnight, ok: 7, failed: 2 });
    expect(days[5]).toEqual({ t: shanghaiMidnight - 86_400_000, ok: 2, failed: 1 });
    expect(days.reduce((s, d) => s + d.ok, 0)).toBe(9);
  });

  it("gives the same hours to other days in another zone", () => {
    const now = Date.UTC(2026, 11, 2, 2, 30);
    const days = daysInZone([{ t: Date.UTC(2026, 11, 1, 23), ok: 5, failed: 0 }], now, "UTC");
    // 23:00 UTC on the 1st is yesterday in UTC, but today (07:00) in Shanghai.
    expect(days[5]).toMatchObject({ t: Date.UTC(2026, 11, 1), ok: 5 });
    expect(daysInZone([{ t: Date.UTC(2026, 11, 1, 23), ok: 5, failed: 0 }], now, "Asia/Shanghai")[6]).toMatchObject({ ok: 5 });
  });

  it("keeps a day of 23 and one of 25 hours where daylight saving time changes (New York)", () => {
    // The week of 2026-11-01, when New York falls back: that day holds 25 hours.
    const now = Date.UTC(2026, 10, 3, 17);
    const days = daysInZone(hourly(Date.UTC(2026, 9, 26, 4), 24 * 10), now, "America/New_York");
    const sizes = days.map((d, i) => (days[i + 1]?.t ?? NaN) - d.t).slice(0, -1);
    expect(sizes).toContain(25 * 3_600_000);
    expect(days.find((d) => d.t === Date.UTC(2026, 10, 1, 4))?.ok).toBe(25);
    // Every midnight is a New York midnight: 04:00 UTC before the change, 05:00 after.
    expect(days.map((d) => new Date(d.t).getUTCHours())).toEqual([4, 4, 4, 4, 4, 5, 5]);
  });

  it("starts a half-hour zone's day at its own midnight (India, +05:30)", () => {
    const now = Date.UTC(2026, 11, 2, 12);
    const days = daysInZone([], now, "Asia/Kolkata");
    expect(days[6]!.t).toBe(Date.UTC(2026, 11, 1, 18, 30));
  });
});
