import Link from "next/link";
import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { JobLink } from "@/lib/console/list-audit";
import type { AuditEntry } from "@/lib/db/schema/audit-log";

const tone = (action: string): BadgeTone =>
  /cancel|disable|delete|resolve/.test(action) ? "amber" : /retry|run_now|enable|create/.test(action) ? "indigo" : "gray";

function ObjectLink({ e }: { e: AuditEntry }) {
  const t = useTranslations("audit.objects");
  if (!e.objectId) return <span className="text-slate-400">—</span>;
  const id = <span className="font-mono" data-i18n-exempt>{e.objectId}</span>;
  if (e.objectType === "task") return <Link href={`/tasks/${e.objectId}`} className="font-mono text-xs text-indigo-700 hover:underline">{id}</Link>;
  if (e.objectType === "bulk_job") return <Link href={`/tasks?bulkJob=${e.objectId}`} className="text-xs text-indigo-700 hover:underline">{t("bulk_job")} {id}</Link>;
  const type = e.objectType && t.has(e.objectType) ? t(e.objectType) : <span data-i18n-exempt>{e.objectType}</span>;
  return <span className="text-xs">{type} {id}</span>;
}

/**
 * An entry's details: the catalogue's words for the field names Bida writes ("audit.detailKeys"), the values as
 * recorded (ids, names, statuses, filters). One line in the row; opened, the whole entry, wrapped in its column.
 */
function Details({ d }: { d: Record<string, unknown> | null }) {
  const t = useTranslations("audit.detailKeys");
  if (!d) return null;
  const parts = Object.entries(d).map(([k, v]) => ({ key: k, label: t.has(k) ? t(k) : k, known: t.has(k), value: typeof v === "string" ? v : JSON.stringify(v) }));
  const title = parts.map((p) => `${p.label}: ${p.value}`).join(" · ");
  return (
    <details className="group text-xs text-slate-600" data-testid="audit-details">
      <summary className="cursor-pointer truncate group-open:whitespace-normal group-open:break-words" title={title}>
        {parts.map((p, i) => (
          <span key={p.key}>
            {i > 0 && " · "}
            <span className="text-slate-500" data-i18n-exempt={p.known ? undefined : true}>{p.label}</span>: <span data-i18n-exempt>{p.value}</span>
          </span>
        ))}
      </summary>
    </details>
  );
}

/** An audit action's words ("audit.actions.task_retry"), or its code when the catalogue has none. */
export function AuditAction({ action }: { action: string }) {
  const t = useTranslations("audit.actions");
  const key = action.replace(".", "_");
  return (
    <Badge tone={tone(action)} title={action}>
      {t.has(key) ? t(key) : <span data-i18n-exempt>{action}</span>}
    </Badge>
  );
}

/** A folded bulk job's line: how many tasks it changed (once it has ended), and the link to exactly those tasks. */
function JobSummary({ job }: { job: JobLink }) {
  const t = useTranslations("audit");
  return (
    <Link href={job.tasksHref} className="mt-0.5 block text-xs text-indigo-700 hover:underline" data-testid="audit-job-tasks">
      {job.changed === null ? t("jobRunning") : t("jobChanged", { count: job.changed })}
    </Link>
  );
}

export function AuditTable({ items }: { items: Array<AuditEntry & { job?: JobLink }> }) {
  const t = useTranslations("audit");
  if (items.length === 0) return <EmptyState title={t("empty")}>{t("emptyBody")}</EmptyState>;
  return (
    // Fixed layout: the details take what the other columns leave, so a long entry never widens the table.
    <Table data-testid="audit-table" className="w-full table-fixed">
      <colgroup>
        <col className="w-48" />
        <col className="w-36" />
        <col className="w-40" />
        <col className="w-72" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <Th>{t("when")}</Th>
          <Th>{t("who")}</Th>
          <Th>{t("action")}</Th>
          <Th>{t("objectColumn")}</Th>
          <Th>{t("details")}</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <Tr key={e.id} data-testid="audit-row" data-action={e.action}>
            <Td className="text-xs whitespace-nowrap"><LocalTime iso={e.createdAt.toISOString()} compact /></Td>
            <Td className="truncate text-sm" data-i18n-exempt title={e.actor}>{e.actor.replace(/^user:/, "")}</Td>
            <Td><AuditAction action={e.action} /></Td>
            <Td>
              <ObjectLink e={e} />
              {e.job && <JobSummary job={e.job} />}
            </Td>
            <Td><Details d={e.details} /></Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
