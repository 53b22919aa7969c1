"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useFormat } from "@/components/ui/use-format";

/** Time left until the next attempt, ticking each second; "due" once it has passed (the worker is on it). */
export function Countdown({ iso, className }: { iso: string | null; className?: string }) {
  const t = useTranslations("countdown");
  const f = useFormat();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return <span className="text-slate-400">—</span>;
  const left = new Date(iso).getTime() - (now ?? new Date(iso).getTime());
  return (
    <time dateTime={iso} title={f.dateTime(iso)} className={className} data-testid="countdown">
      {now === null ? "…" : left > 500 ? t("in", { duration: f.duration(left) }) : t("due")}
    </time>
  );
}
