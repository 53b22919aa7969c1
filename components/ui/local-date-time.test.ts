import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLocalDateTime, parseLocalDateTime } from "./local-date-time";

describe("local date and time fields", () => {
  const zone = process.env.TZ;
  // A zone with an offset, so a UTC slip shows (a day alone is not UTC midnight here).
  beforeAll(() => { process.env.TZ = "Asia/Shanghai"; });
  afterAll(() => {
    // process.env turns undefined into "undefined": an unset zone is deleted again.
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("reads a day and time, or a day alone, in the browser's zone", () => {
    expect((parseLocalDateTime("2026-12-01 08:00") as Date).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect((parseLocalDateTime(" 2026-12-01T08:05 ") as Date).toISOString()).toBe("2026-12-01T00:05:00.000Z");
    expect((parseLocalDateTime("2026-12-01") as Date).toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(parseLocalDateTime("")).toBeNull();
  });

  it("refuses days and times that do not exist, and other shapes", () => {
    for (const v of ["2026-02-30", "2026-13-01 00:00", "2026-12-01 24:00", "2026-12-01 08:60", "yesterday", "12/01/2026", "2026-12-01 8"]) {
      expect(parseLocalDateTime(v), v).toBe("invalid");
    }
  });

  it("shows an instant as it would be typed, and reads it back", () => {
    expect(formatLocalDateTime("2026-12-01T00:05:00.000Z")).toBe("2026-12-01 08:05");
    expect((parseLocalDateTime(formatLocalDateTime("2026-07-04T23:59:00.000Z")) as Date).toISOString()).toBe("2026-07-04T23:59:00.000Z");
  });
});
