import type { Bucket } from "./attempt-buckets";

/** Milliseconds the zone's wall clock is ahead of UTC at instant t (negative west of Greenwich). */
function zoneOffset(t: number, parts: Intl.DateTimeFormat): number {
  const p = Object.fromEntries(parts.formatToParts(t).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return wall - Math.floor(t / 1000) * 1000;
}

/** The instant the zone's calendar day (y, m, d) begins: its midnight, or the first hour a DST change leaves it. */
function zoneMidnight(y: number, m: number, d: number, parts: Intl.DateTimeFormat): number {
  const utcMidnight = Date.UTC(y, m, d);
  // The offset at the first guess may differ from the one at the true midnight (a DST change that night): ask again there.
  return utcMidnight - zoneOffset(utcMidnight - zoneOffset(utcMidnight, parts), parts);
}

/**
 * Hour buckets summed into the last `days` calendar days of an IANA time zone (today partial), oldest first: the
 * viewer's days, so the chart and the tables keep one clock. Exact for zones a whole number of hours from UTC; in a
 * half-hour zone (India) a day's edge falls inside an hour, which goes to the day it starts in.
 */
export function daysInZone(hours: Bucket[], now: number, timeZone: string, days = 7): Bucket[] {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const today = Object.fromEntries(parts.formatToParts(now).map((x) => [x.type, x.value]));
  const [y, m, d] = [Number(today.year), Number(today.month) - 1, Number(today.day)];
  const out: Bucket[] = [];
  for (let i = days - 1; i >= 0; i--) {
    // Date.UTC carries a day of 0 or -3 into the month before, so the calendar arithmetic is the UTC calendar's.
    const from = zoneMidnight(y, m, d - i, parts);
    const to = zoneMidnight(y, m, d - i + 1, parts);
    const inDay = hours.filter((b) => b.t >= from && b.t < to);
    out.push({ t: from, ok: inDay.reduce((s, b) => s + b.ok, 0), failed: inDay.reduce((s, b) => s + b.failed, 0) });
  }
  return out;
}
