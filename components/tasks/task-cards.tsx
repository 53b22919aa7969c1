"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { shortId } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { UrlText } from "@/components/ui/url-text";
import type { TaskRow } from "@/lib/console/task-row";
import { StatusBadge } from "./status-badge";

/** The tasks list on a phone: one card per task instead of a table wider than the screen. */
export function TaskCards({ rows }: { rows: TaskRow[] }) {
  const t = useTranslations("tasks.columns");
  return (
    <ul className="divide-y divide-slate-100 md:hidden" data-testid="task-cards">
      {rows.map((r) => (
        <li key={r.id} className="min-w-0 px-4 py-3" data-testid="task-card" data-task-id={r.id}>
          <div className="flex items-center justify-between gap-2">
            <Link href={`/tasks/${r.id}`} className="font-mono text-sm text-indigo-700 hover:underline" data-i18n-exempt>
              {shortId(r.id)}
            </Link>
            <StatusBadge status={r.status} />
          </div>
          <UrlText url={r.url} className="mt-1" />
          <div className="mt-1 flex flex-wrap items-center justify-between gap-x-3 text-xs text-slate-500">
            <span>
              {t("attempts")}: <span className="tabular-nums">{r.attempts}/{r.maxAttempts}</span>
            </span>
            {r.lastError || (r.lastStatusCode !== null && r.lastStatusCode >= 300) ? (
              <span className="max-w-[60%] truncate text-rose-700" title={r.lastError ?? undefined} data-i18n-exempt>
                {r.lastStatusCode !== null ? `HTTP ${r.lastStatusCode}` : r.lastError}
              </span>
            ) : null}
            <LocalTime iso={r.createdAt} compact />
          </div>
        </li>
      ))}
    </ul>
  );
}
