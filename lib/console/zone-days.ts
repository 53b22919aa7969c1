import type { Bucket } from "./attempt-buckets";

/**
 * Hour buckets summed into the last 7 days of the viewer's time zone (today partial), oldest first. Run in the
 * browser, whose Date speaks the viewer's zone. Exact for zones a whole number of hours from UTC; in a half-hour
 * zone (India) a day's edge falls inside an hour, which goes to the day it starts in.
 */
export function daysInViewerZone(hours: Bucket[], now: number, days = 7): Bucket[] {
  const out: Bucket[] = [];
  const d = new Date(now);
  for (let i = days - 1; i >= 0; i--) {
    const from = new Date(d.getFullYear(), d.getMonth(), d.getDate() - i).getTime();
    const to = new Date(d.getFullYear(), d.getMonth(), d.getDate() - i + 1).getTime();
    const inDay = hours.filter((b) => b.t >= from && b.t < to);
    out.push({ t: from, ok: inDay.reduce((s, b) => s + b.ok, 0), failed: inDay.reduce((s, b) => s + b.failed, 0) });
  }
  return out;
}
