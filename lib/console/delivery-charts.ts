import type { RedisClient } from "../redis";
import type { Db } from "../db/client";
import { attemptBuckets, floorTo, unitSize, type Bucket } from "./attempt-buckets";

export interface DeliveryCharts {
  /** The last 60 minutes, one bucket per minute, oldest first (the current minute is partial). */
  lastHour: Bucket[];
  /** The last 7 days (today partial), one bucket per day in the server's time zone, oldest first. */
  lastWeek: Bucket[];
  /**
   * The last 8 days by the hour (the running hour the sum of its minutes), oldest first: the browser sums them into
   * days of the viewer's own time zone (lib/console/zone-days.ts), so charts and tables keep one clock.
   */
  hours: Bucket[];
  /** True while older buckets are still being counted in the background (a cold cache on a large table). */
  pending: boolean;
}

/** Local midnight `daysAgo` days before `now`'s day. */
function dayStart(now: number, daysAgo: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - daysAgo).getTime();
}

/**
 * Attempts made per minute over the last hour and per day over the last week, split by outcome. Days are sums
 * of cached hours; the running hour is the sum of its minutes, so a warm call reads only the last few minutes.
 */
export async function getDeliveryCharts(deps: { db: Db; redis: RedisClient }, now = Date.now()): Promise<DeliveryCharts> {
  const minuteEnd = floorTo(now, "minute") + unitSize("minute");
  const hourStart = floorTo(now, "hour");
  const weekStart = dayStart(now, 6);

  // Minutes from the earlier of (an hour ago) and (the start of this hour), so both charts share one read.
  const minuteFrom = Math.min(minuteEnd - 60 * unitSize("minute"), hourStart);
  const [{ buckets: minutes, pending: minutesPending }, { buckets: hours, pending: hoursPending }] = await Promise.all([
    attemptBuckets(deps, "minute", minuteFrom, minuteEnd, now),
    // A day more than the server's week: a viewer's zone may start its week up to a day earlier.
    attemptBuckets(deps, "hour", floorTo(Math.min(weekStart, now - 8 * 86_400_000), "hour"), hourStart, now),
  ]);

  const lastHour = minutes.slice(-60);
  const thisHour = minutes.filter((b) => b.t >= hourStart);
  const all = [...hours, { t: hourStart, ok: sum(thisHour, "ok"), failed: sum(thisHour, "failed") }];

  const lastWeek: Bucket[] = [];
  for (let i = 6; i >= 0; i--) {
    const from = dayStart(now, i);
    const to = dayStart(now, i - 1);
    const inDay = all.filter((b) => b.t >= from && b.t < to);
    lastWeek.push({ t: from, ok: sum(inDay, "ok"), failed: sum(inDay, "failed") });
  }
  return { lastHour, lastWeek, hours: all, pending: minutesPending || hoursPending };
}

const sum = (list: Bucket[], k: "ok" | "failed") => list.reduce((s, b) => s + b[k], 0);
