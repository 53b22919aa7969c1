import { getLocale, getTimeZone } from "next-intl/server";
import { formatDateTime, formatDuration, formatMs, formatNumber, type DateTimeOptions } from "./format";

/** The format helpers bound to the viewer's locale and time zone (async server components). */
export async function getFormat() {
  const [locale, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  return {
    locale,
    timeZone,
    dateTime: (iso: string | Date, opts: Omit<DateTimeOptions, "timeZone" | "utc"> = {}) => formatDateTime(iso, { zone: true, ...opts, timeZone }),
    duration: (ms: number) => formatDuration(ms, locale),
    ms: (ms: number) => formatMs(ms, locale),
    number: (n: number) => formatNumber(n, locale),
  };
}
