"use client";

import { useTimeZone } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { timeZoneCookie } from "@/lib/i18n/locales";

/**
 * Tells the server the browser's time zone (a cookie lib/i18n/request.ts reads), so server-rendered times are in
 * the viewer's zone too. Renders nothing; refreshes once when the zone the page was rendered in was not theirs.
 */
export function TimeZoneSync() {
  const rendered = useTimeZone();
  const router = useRouter();
  useEffect(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!tz || tz === rendered) return;
    document.cookie = `${timeZoneCookie}=${encodeURIComponent(tz)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [rendered, router]);
  return null;
}
