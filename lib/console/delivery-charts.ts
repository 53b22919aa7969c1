import type { RedisClient } from "../redis";
import type { Db } from "../db/client";
import { attemptBuckets, floorTo, unitSize, type Bucket } from "./attempt-buckets";
import { daysInZone } from "./zone-days";

export interface DeliveryCharts {
  /** The last 60 minutes, one bucket per minute, oldest first (the current minute is partial). */
  lastHour: Bucket[];
  /**
   * The last 7 days (today partial), one bucket per day of the viewer's time zone, oldest first: the console shows
   * times in that zone, so the chart's days and the tables' times keep one clock. The last bucket's t is "today".
   */
  lastWeek: Bucket[];
  /** The last 8 days by the hour (the running hour the sum of its minutes), oldest first: what the days sum. */
  hours: Bucket[];
  /** True while older buckets are still being counted in the background (a cold cache on a large table). */
  pending: boolean;
}

/**
 * Attempts made per minute over the last hour and per day over the last week, split by outcome. Days are sums
 * of cached hours; the running hour is the sum of its minutes, so a warm call reads only the last few minutes.
 */
export async function getDeliveryCharts(deps: { db: Db; redis: RedisClient }, now = Date.now(), timeZone = "UTC"): Promise<DeliveryCharts> {
  const minuteEnd = floorTo(now, "minute") + unitSize("minute");
  const hourStart = floorTo(now, "hour");

  // Minutes from the earlier of (an hour ago) and (the start of this hour), so both charts share one read.
  const minuteFrom = Math.min(minuteEnd - 60 * unitSize("minute"), hourStart);
  const [{ buckets: minutes, pending: minutesPending }, { buckets: hours, pending: hoursPending }] = await Promise.all([
    attemptBuckets(deps, "minute", minuteFrom, minuteEnd, now),
    // Eight days: the oldest of the 7 days starts less than 7 days + 24 h ago in any zone.
    attemptBuckets(deps, "hour", floorTo(now - 8 * 86_400_000, "hour"), hourStart, now),
  ]);

  const lastHour = minutes.slice(-60);
  const thisHour = minutes.filter((b) => b.t >= hourStart);
  const all = [...hours, { t: hourStart, ok: sum(thisHour, "ok"), failed: sum(thisHour, "failed") }];

  return { lastHour, lastWeek: daysInZone(all, now, timeZone), hours: all, pending: minutesPending || hoursPending };
}

const sum = (list: Bucket[], k: "ok" | "failed") => list.reduce((s, b) => s + b[k], 0);
