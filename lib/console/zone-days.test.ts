import { describe, expect, it } from "vitest";
import { daysInViewerZone } from "./zone-days";

describe("daysInViewerZone", () => {
  it("sums hours into the viewer's days, today last", () => {
    const now = new Date(2026, 11, 2, 10, 30).getTime();
    const hour = (daysAgo: number, h: number) => new Date(2026, 11, 2 - daysAgo, h).getTime();
    const days = daysInViewerZone(
      [
        { t: hour(7, 23), ok: 100, failed: 0 }, // before the week
        { t: hour(1, 23), ok: 2, failed: 1 },
        { t: hour(0, 0), ok: 3, failed: 0 },
        { t: hour(0, 10), ok: 4, failed: 2 },
      ],
      now,
    );
    expect(days).toHaveLength(7);
    expect(days[6]).toEqual({ t: hour(0, 0), ok: 7, failed: 2 });
    expect(days[5]).toMatchObject({ ok: 2, failed: 1 });
    expect(days.reduce((s, d) => s + d.ok, 0)).toBe(9);
  });
});
