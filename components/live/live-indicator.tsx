"use client";

import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { useLiveStatus } from "./use-task-events";

/** Shows whether live updates are flowing; pages keep working (with reloads) when they are not. */
export function LiveIndicator({ className }: { className?: string }) {
  const status = useLiveStatus();
  const t = useTranslations("live");
  return (
    <span className={cn("inline-flex items-center gap-1.5 text-xs font-medium text-slate-500", className)} data-testid="live-indicator" data-status={status}>
      <span className={cn("size-2 rounded-full", status === "live" ? "bg-emerald-500" : status === "connecting" ? "bg-amber-400" : "bg-rose-500")} aria-hidden="true" />
      <span aria-live="polite">{t(status)}</span>
    </span>
  );
}
