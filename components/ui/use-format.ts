"use client";

import { useFormatter, useLocale, useTimeZone } from "next-intl";
import { useMemo } from "react";
import { formatDateTime, formatDuration, formatMs, formatNumber, type DateTimeOptions } from "./format";

/** The format helpers bound to the viewer's locale and time zone (client components). */
export function useFormat() {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  const formatter = useFormatter();
  return useMemo(
    () => ({
      locale,
      timeZone,
      dateTime: (iso: string | Date, opts: Omit<DateTimeOptions, "timeZone" | "utc"> = {}) => formatDateTime(iso, { zone: true, ...opts, timeZone }),
      duration: (ms: number) => formatDuration(ms, locale),
      ms: (ms: number) => formatMs(ms, locale),
      number: (n: number) => formatNumber(n, locale),
      relative: (iso: string | Date, now: number) => formatter.relativeTime(typeof iso === "string" ? new Date(iso) : iso, now),
    }),
    [locale, timeZone, formatter],
  );
}
