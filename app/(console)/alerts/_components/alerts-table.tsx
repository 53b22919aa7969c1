import Link from "next/link";
import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { shortId } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { AlertView } from "@/lib/notify/serialize-channel";

const tones: Record<AlertView["status"], BadgeTone> = { pending: "amber", sent: "green", failed: "red", folded: "gray" };

/** The alert log: when, where, which task, what happened and what the platform answered. */
export function AlertsTable({ alerts, compact = false }: { alerts: AlertView[]; compact?: boolean }) {
  const t = useTranslations("alerts");
  const eventText = (event: string) => {
    const key = event.replace(".", "_");
    return t.has(`events.${key}`) ? t(`events.${key}`) : <span data-i18n-exempt>{event}</span>;
  };
  if (alerts.length === 0) {
    return <EmptyState title={t("empty")}>{t("emptyBody")}</EmptyState>;
  }
  return (
    // Fixed layout: the platform's answer takes what the other columns leave, so a long one never widens the table.
    <Table data-testid="alerts-table" className="w-full table-fixed">
      <colgroup>
        <col className="w-48" />
        {!compact && <col className="w-44" />}
        <col className="w-32" />
        <col className="w-36" />
        <col className="w-36" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <Th>{t("time")}</Th>
          {!compact && <Th>{t("channel")}</Th>}
          <Th>{t("task")}</Th>
          <Th>{t("event")}</Th>
          <Th>{t("status")}</Th>
          <Th>{t("answer")}</Th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <Tr key={a.id} data-testid="alert-row" data-status={a.status} data-event={a.event} data-task={a.taskId ?? ""}>
            <Td className="whitespace-nowrap text-xs">
              <LocalTime iso={a.sentAt ?? a.createdAt} compact />
            </Td>
            {!compact && (
              <Td className="truncate">
                {a.channelName ? (
                  <Link href={`/channels/${a.channelId}`} className="rounded text-indigo-700 hover:underline" title={a.channelName} data-i18n-exempt>
                    {a.channelName}
                  </Link>
                ) : (
                  <span className="text-slate-500">{t("deletedChannel", { id: a.channelId })}</span>
                )}
              </Td>
            )}
            <Td className="font-mono text-xs whitespace-nowrap" data-i18n-exempt>
              {a.taskId ? (
                <Link href={`/tasks/${a.taskId}`} className="rounded text-indigo-700 hover:underline" title={a.taskId}>
                  {shortId(a.taskId)}
                </Link>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td className="text-xs">{eventText(a.event)}</Td>
            <Td>
              <Badge tone={tones[a.status]}>{t(`statuses.${a.status}`)}</Badge>
              {a.attempts > 1 && <span className="ml-1 text-xs text-slate-500">{t("tries", { n: a.attempts })}</span>}
              {a.foldedInto && <span className="ml-1 text-xs text-slate-500">{t("inSummary", { id: a.foldedInto })}</span>}
            </Td>
            <Td className="text-xs break-words">
              <Answer alert={a} />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function Answer({ alert: a }: { alert: AlertView }) {
  const t = useTranslations("alerts");
  if (a.status === "folded") return <span className="text-slate-500">{t("countedIn", { id: a.foldedInto ?? "…" })}</span>;
  const head = [a.responseStatus !== null ? `HTTP ${a.responseStatus}` : null, a.error].filter(Boolean).join(" · ");
  if (!a.response && !a.message) return <span className={a.error ? "text-rose-700" : "text-slate-400"} data-i18n-exempt>{head || "—"}</span>;
  return (
    <details>
      <summary className={a.error ? "cursor-pointer text-rose-700" : "cursor-pointer text-slate-700"}>
        {head ? <span data-i18n-exempt>{head}</span> : t("answerWord")}{" "}
        {a.response && (
          <span className="font-mono text-slate-500" data-i18n-exempt>
            {a.response.slice(0, 60)}
          </span>
        )}
      </summary>
      {a.response && <pre data-i18n-exempt className="mt-1 max-h-40 overflow-auto rounded bg-slate-900 p-2 font-mono whitespace-pre-wrap text-slate-100">{a.response}</pre>}
      {a.message && (
        <>
          <p className="mt-2 font-medium text-slate-500">{t("messageSent")}</p>
          <pre data-i18n-exempt className="mt-1 max-h-40 overflow-auto rounded bg-slate-100 p-2 font-mono whitespace-pre-wrap text-slate-800">{a.message}</pre>
        </>
      )}
    </details>
  );
}
