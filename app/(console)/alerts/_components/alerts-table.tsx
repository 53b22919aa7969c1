import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { shortId } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { AlertView } from "@/lib/notify/serialize-channel";

const tones: Record<AlertView["status"], BadgeTone> = { pending: "amber", sent: "green", failed: "red", folded: "gray" };
const eventText: Record<string, string> = {
  "task.exhausted": "gave up",
  "task.failing": "failing",
  summary: "summary",
  test: "test",
  "bida.lag": "Bida lag",
  "bida.backlog": "Bida backlog",
  "bida.circuit": "Bida circuit",
  "bida.requeue": "Bida re-queue",
  "bida.store_down": "Bida store down",
};

/** The alert log: when, where, which task, what happened and what the platform answered. */
export function AlertsTable({ alerts, compact = false }: { alerts: AlertView[]; compact?: boolean }) {
  if (alerts.length === 0) {
    return <EmptyState title="No alerts yet">Alerts appear here when a task fails on a channel&apos;s terms, and after each “Send test”.</EmptyState>;
  }
  return (
    <Table data-testid="alerts-table">
      <thead>
        <tr>
          <Th>Time</Th>
          {!compact && <Th>Channel</Th>}
          <Th>Task</Th>
          <Th>Event</Th>
          <Th>Status</Th>
          <Th>Platform answer</Th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <Tr key={a.id} data-testid="alert-row" data-status={a.status} data-event={a.event} data-task={a.taskId ?? ""}>
            <Td className="whitespace-nowrap text-xs">
              <LocalTime iso={a.sentAt ?? a.createdAt} />
            </Td>
            {!compact && (
              <Td className="whitespace-nowrap">
                {a.channelName ? (
                  <Link href={`/channels/${a.channelId}`} className="rounded text-indigo-700 hover:underline">
                    {a.channelName}
                  </Link>
                ) : (
                  <span className="text-slate-500">#{a.channelId} (deleted)</span>
                )}
              </Td>
            )}
            <Td className="font-mono text-xs whitespace-nowrap">
              {a.taskId ? (
                <Link href={`/tasks/${a.taskId}`} className="rounded text-indigo-700 hover:underline" title={a.taskId}>
                  {shortId(a.taskId)}
                </Link>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td className="text-xs whitespace-nowrap">{eventText[a.event] ?? a.event}</Td>
            <Td className="whitespace-nowrap">
              <Badge tone={tones[a.status]}>{a.status}</Badge>
              {a.attempts > 1 && <span className="ml-1 text-xs text-slate-500">{a.attempts} tries</span>}
              {a.foldedInto && <span className="ml-1 text-xs text-slate-500">in summary #{a.foldedInto}</span>}
            </Td>
            <Td className="max-w-md text-xs">
              <Answer alert={a} />
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function Answer({ alert: a }: { alert: AlertView }) {
  if (a.status === "folded") return <span className="text-slate-500">Counted in summary #{a.foldedInto ?? "…"}</span>;
  const head = [a.responseStatus !== null ? `HTTP ${a.responseStatus}` : null, a.error].filter(Boolean).join(" · ");
  if (!a.response && !a.message) return <span className={a.error ? "text-rose-700" : "text-slate-400"}>{head || "—"}</span>;
  return (
    <details>
      <summary className={a.error ? "cursor-pointer text-rose-700" : "cursor-pointer text-slate-700"}>
        {head || "answer"} {a.response && <span className="font-mono text-slate-500">{a.response.slice(0, 60)}</span>}
      </summary>
      {a.response && <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-900 p-2 font-mono whitespace-pre-wrap text-slate-100">{a.response}</pre>}
      {a.message && (
        <>
          <p className="mt-2 font-medium text-slate-500">Message sent</p>
          <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-100 p-2 font-mono whitespace-pre-wrap text-slate-800">{a.message}</pre>
        </>
      )}
    </details>
  );
}
