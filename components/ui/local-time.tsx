"use client";

import { useEffect, useState } from "react";
import { formatDateTime, formatDuration } from "./format";

/**
 * A time in the viewer's own time zone. The server renders UTC (it cannot know the zone); the browser
 * switches to local time after hydration. The full ISO time is in the tooltip.
 */
export function LocalTime({ iso, relative = false, compact = false, className }: { iso: string | null; relative?: boolean; compact?: boolean; className?: string }) {
  const [local, setLocal] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setLocal(true);
    if (!relative) return;
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, [relative]);
  if (!iso) return <span className="text-slate-400">—</span>;
  const full = formatDateTime(iso, { utc: !local });
  // Compact drops the year, which a busy table rarely needs (the tooltip keeps the full time).
  const text = relative && local ? relativeText(new Date(iso).getTime(), now) : (compact ? full.slice(5) : full) + (local ? "" : " UTC");
  return (
    <time dateTime={iso} title={iso} className={className}>
      {text}
    </time>
  );
}

function relativeText(t: number, now: number): string {
  const d = now - t;
  if (Math.abs(d) < 5_000) return "just now";
  return d > 0 ? `${formatDuration(d)} ago` : `in ${formatDuration(-d)}`;
}
