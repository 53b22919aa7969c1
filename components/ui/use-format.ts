"use client";

import { useFormatter, useLocale, useTimeZone } from "next-intl";
import { useMemo } from "react";
import { boundFormat } from "./format";

/** The format helpers bound to the viewer's locale and time zone (client components). */
export function useFormat() {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  const formatter = useFormatter();
  return useMemo(
    () => ({
      ...boundFormat(locale, timeZone),
      relative: (iso: string | Date, now: number) => formatter.relativeTime(typeof iso === "string" ? new Date(iso) : iso, now),
    }),
    [locale, timeZone, formatter],
  );
}
