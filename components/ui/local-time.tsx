"use client";

import { useEffect, useState } from "react";
import { useNow } from "next-intl";
import { useFormat } from "./use-format";

/**
 * A time in the viewer's own time zone, named ("2026-12-02 12:30:05 GMT+8"). The server renders in the zone
 * the browser reported (components/layout/time-zone-sync.tsx), so the first paint already matches; relative
 * times tick after hydration. The full ISO time is in the tooltip.
 */
export function LocalTime({ iso, relative = false, compact = false, seconds = true, className }: { iso: string | null; relative?: boolean; compact?: boolean; seconds?: boolean; className?: string }) {
  const f = useFormat();
  const initialNow = useNow();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!relative) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, [relative]);
  if (!iso) return <span className="text-slate-400">—</span>;
  const full = f.dateTime(iso);
  // Compact drops the year, which a busy table rarely needs; `seconds={false}` drops those too, where a narrow
  // column must keep the zone's name whole. The tooltip keeps the full time.
  const shown = seconds ? full : f.dateTime(iso, { seconds: false });
  const text = relative && now !== null ? f.relative(iso, Math.max(now, initialNow.getTime())) : compact ? shown.slice(5) : shown;
  return (
    <time dateTime={iso} title={`${full} (${iso})`} className={className}>
      {text}
    </time>
  );
}
