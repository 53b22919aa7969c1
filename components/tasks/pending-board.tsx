"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { useThrottled } from "@/components/live/use-task-events";
import { Button, LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { shortId } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { UrlText } from "@/components/ui/url-text";
import { useErrorText } from "@/components/ui/use-error-text";
import { useRowKeys } from "@/components/ui/use-row-keys";
import type { TaskRow } from "@/lib/console/task-row";
import { canApply } from "@/lib/tasks/lifecycle/actions";
import { consoleFetch } from "./console-api";
import { Countdown } from "./countdown";
import { pendingOrder } from "./pending-order";
import { StatusBadge } from "./status-badge";
import { useLiveRows } from "./use-live-rows";

/** Tasks waiting for their next attempt, with a countdown and "run now" (kkbida's pending tasks page). */
export function PendingBoard({ rows, nextCursor, firstPage, canAct }: { rows: TaskRow[]; nextCursor: string | null; firstPage: boolean; canAct: boolean }) {
  const router = useRouter();
  const t = useTranslations("pending");
  const columns = useTranslations("tasks.columns");
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const refresh = useThrottled(() => router.refresh(), 1_000);
  const { rows: liveRows } = useLiveRows(rows, {
    onUnknown: (events) => {
      if (firstPage && events.some((e) => e.status === "retrying")) refresh();
    },
    onReconnect: () => router.refresh(),
  });
  // Re-sorted as events move next attempts, so the countdowns read top to bottom.
  const live = useMemo(() => pendingOrder(liveRows), [liveRows]);

  const tableBox = useRef<HTMLDivElement>(null);
  useRowKeys(tableBox, "[data-testid=pending-row] a");

  const runNow = async (id: string) => {
    setBusy(id);
    const res = await consoleFetch(`/api/console/tasks/${id}/run_now`, { method: "POST", body: {} });
    setBusy(null);
    setMessage(res.ok ? { tone: "success", text: t("runsNow", { id: shortId(id) }) } : { tone: "error", text: errorText(res) });
    router.refresh();
  };

  return (
    <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200" ref={tableBox}>
      {message && (
        <div className="border-b border-slate-100 px-4 py-2">
          <Notice tone={message.tone} data-testid="pending-result">{message.text}</Notice>
        </div>
      )}
      {live.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyBody")}</EmptyState>
      ) : (
        // Fixed layout: the URL column takes what the others leave, so a long URL or error never pushes "Run now" out.
        <Table data-testid="pending-table" className="w-full table-fixed">
          <colgroup>
            <col className="w-32" />
            <col className="w-28" />
            <col className="w-32" />
            <col />
            <col className="w-24" />
            <col className="w-[24%]" />
            {canAct && <col className="w-28" />}
          </colgroup>
          <thead>
            <tr>
              <Th>{columns("nextAttemptAt")}</Th>
              <Th>{columns("status")}</Th>
              <Th>{columns("id")}</Th>
              <Th>{columns("url")}</Th>
              <Th>{columns("attempts")}</Th>
              <Th>{t("lastResult")}</Th>
              {canAct && <Th><span className="sr-only">{t("actions")}</span></Th>}
            </tr>
          </thead>
          <tbody>
            {live.map((r) => (
              <Tr key={r.id} data-testid="pending-row" data-task-id={r.id} className="focus-within:bg-indigo-50">
                <Td className="font-medium whitespace-nowrap text-slate-900">
                  <Countdown iso={r.nextAttemptAt} />
                </Td>
                <Td><StatusBadge status={r.status} /></Td>
                <Td>
                  <Link data-i18n-exempt href={`/tasks/${r.id}`} className="font-mono text-xs whitespace-nowrap text-indigo-700 hover:underline">{shortId(r.id)}</Link>
                </Td>
                <Td><UrlText url={r.url} /></Td>
                <Td className="tabular-nums">{r.attempts}<span className="text-slate-400">/{r.maxAttempts}</span></Td>
                <Td>
                  <span className="block truncate text-xs text-rose-700" title={r.lastError ?? undefined} data-i18n-exempt>
                    {r.lastStatusCode !== null ? `HTTP ${r.lastStatusCode}` : (r.lastError ?? "—")}
                  </span>
                </Td>
                {canAct && (
                  <Td className="text-right">
                    <Button size="sm" busy={busy === r.id} disabled={!canApply("run_now", r.status)} onClick={() => runNow(r.id)}>
                      {t("runNow")}
                    </Button>
                  </Td>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <nav aria-label={t("pages")} className="flex items-center gap-2 border-t border-slate-100 px-4 py-2.5">
        {!firstPage && <LinkButton href="/pending" size="sm" variant="ghost">{t("firstPage")}</LinkButton>}
        {nextCursor && <LinkButton href={`/pending?after=${encodeURIComponent(nextCursor)}`} size="sm">{t("later")} →</LinkButton>}
      </nav>
    </div>
  );
}
