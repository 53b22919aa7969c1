"use client";

import { useEffect, useState } from "react";
import { formatDuration } from "@/components/ui/format";

/** Time left until the next attempt, ticking each second; "due" once it has passed (the worker is on it). */
export function Countdown({ iso, className }: { iso: string | null; className?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (!iso) return <span className="text-slate-400">—</span>;
  const left = new Date(iso).getTime() - (now ?? new Date(iso).getTime());
  return (
    <time dateTime={iso} title={iso} className={className} data-testid="countdown">
      {now === null ? "…" : left > 500 ? `in ${formatDuration(left)}` : "due now"}
    </time>
  );
}
