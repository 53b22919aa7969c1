"use client";

import { useTranslations } from "next-intl";
import { useLiveStatus } from "./use-task-events";

/** Says so when live updates stopped reaching the page: what it shows may be out of date until it reloads. */
export function StaleNotice() {
  const status = useLiveStatus();
  const t = useTranslations("live");
  if (status !== "offline") return null;
  return (
    <div role="status" data-testid="stale-notice" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
      {t("stale")}{" "}
      <button type="button" className="font-medium underline" onClick={() => window.location.reload()}>
        {t("reload")}
      </button>
    </div>
  );
}
