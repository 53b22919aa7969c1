"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { columnVisibilityFeature, createColumnHelper, rowSelectionFeature, tableFeatures } from "@tanstack/react-table";
import { Checkbox } from "@/components/ui/form-controls";
import { shortId } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { UrlText } from "@/components/ui/url-text";
import type { TaskRow } from "@/lib/console/task-row";
import { Countdown } from "./countdown";
import { StatusBadge } from "./status-badge";

export const taskTableFeatures = tableFeatures({ rowSelectionFeature, columnVisibilityFeature });
const col = createColumnHelper<typeof taskTableFeatures, TaskRow>();

/** A column's name from the catalogue ("tasks.columns.<id>"); the column menu names them the same way. */
export function ColumnLabel({ id }: { id: string }) {
  const t = useTranslations("tasks.columns");
  return <>{t(id)}</>;
}

function SelectAllCheckbox(props: React.ComponentProps<typeof Checkbox>) {
  const t = useTranslations("tasks");
  return <Checkbox aria-label={t("selectAll")} {...props} />;
}

function RowCheckbox(props: React.ComponentProps<typeof Checkbox> & { taskId: string }) {
  const { taskId, ...rest } = props;
  const t = useTranslations("tasks");
  return <Checkbox aria-label={t("selectTask", { id: taskId })} {...rest} />;
}

function ErrorWord({ error }: { error: string }) {
  const t = useTranslations("tasks");
  return (
    <span className="text-xs text-rose-700" title={error}>
      {t("error")}
    </span>
  );
}

const header = (id: string) =>
  function Header() {
    return <ColumnLabel id={id} />;
  };

// The last code is folded into "Last error" (HTTP 503); shown on its own only when asked for, to keep 1366 px.
export const defaultHidden: Record<string, boolean> = { updatedAt: false, lastStatusCode: false };

/**
 * Each column's width under the table's fixed layout; the URL column has none and takes what is left. A long URL,
 * app name or error is cut inside its own column instead of widening the table past its card at 1366 px.
 */
export const columnWidths: Record<string, string> = {
  select: "w-10",
  status: "w-28",
  id: "w-32",
  apps: "w-32 2xl:w-48",
  attempts: "w-24",
  lastStatusCode: "w-20",
  lastError: "w-32 2xl:w-56",
  nextAttemptAt: "w-28",
  // "12-03 00:13 GMT+5:30", the longest a zone's name makes it.
  createdAt: "w-40",
  updatedAt: "w-40",
};

/** The reason an operator reads first: "HTTP 503", "timed out", "host not found"; the full text on hover/focus. */
function lastErrorText(row: TaskRow): string | null {
  const code = row.lastStatusCode;
  if (code !== null && (code < 200 || code >= 300)) return `HTTP ${code}`;
  if (!row.lastError) return null;
  // Call errors read "timed out after 10000 ms", "host not found (ENOTFOUND)": the words before the detail.
  return row.lastError.split(/ after | \(|: /)[0]!;
}

export const taskColumns = col.columns([
  col.display({
    id: "select",
    enableHiding: false,
    header: ({ table }) => (
      <SelectAllCheckbox
        checked={table.getIsAllPageRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected();
        }}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
        disabled={!table.options.enableRowSelection}
      />
    ),
    cell: ({ row }) => (
      <RowCheckbox
        taskId={row.id}
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
        disabled={!row.getCanSelect()}
        data-testid="row-select"
      />
    ),
  }),
  col.accessor("status", { header: header("status"), cell: (info) => <StatusBadge status={info.getValue()} /> }),
  col.accessor("id", {
    header: header("id"),
    cell: (info) => (
      <Link data-i18n-exempt href={`/tasks/${info.getValue()}`} className="font-mono text-xs whitespace-nowrap text-indigo-700 hover:underline" title={info.getValue()} data-testid="task-link">
        {shortId(info.getValue())}
      </Link>
    ),
  }),
  col.accessor("url", {
    header: header("url"),
    cell: (info) => (
      <span className="flex min-w-0 items-center gap-2" data-i18n-exempt>
        <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[10px] font-semibold text-slate-600">{info.row.original.method}</span>
        <UrlText url={info.getValue()} hostFromWide />
      </span>
    ),
  }),
  col.display({
    id: "apps",
    header: header("apps"),
    cell: ({ row }) => (
      <span className="block text-xs text-slate-600" data-i18n-exempt title={`${row.original.sourceApp ?? "—"} → ${row.original.targetApp ?? "—"}`}>
        <span className="block truncate">{row.original.sourceApp ?? "—"}</span>
        <span className="block truncate"><span className="text-slate-400">→</span> {row.original.targetApp ?? "—"}</span>
      </span>
    ),
  }),
  col.accessor("attempts", {
    header: header("attempts"),
    cell: (info) => (
      <span className="tabular-nums">
        {info.getValue()}
        <span className="text-slate-400">/{info.row.original.maxAttempts}</span>
      </span>
    ),
  }),
  col.accessor("lastStatusCode", {
    header: header("lastStatusCode"),
    cell: (info) => {
      const code = info.getValue();
      const error = info.row.original.lastError;
      if (code === null) return error ? <ErrorWord error={error} /> : <span className="text-slate-400">—</span>;
      return <span className={code >= 200 && code < 300 ? "tabular-nums text-emerald-700" : "tabular-nums text-rose-700"} title={error ?? undefined}>{code}</span>;
    },
  }),
  col.accessor("lastError", {
    header: header("lastError"),
    cell: (info) => {
      const text = lastErrorText(info.row.original);
      if (!text) return <span className="text-slate-400">—</span>;
      const full = [info.row.original.lastStatusCode !== null ? `HTTP ${info.row.original.lastStatusCode}` : null, info.getValue()].filter(Boolean).join(" — ");
      return (
        <span tabIndex={0} title={full} data-i18n-exempt data-testid="last-error" className="block truncate rounded text-xs text-rose-700 focus:whitespace-normal focus:outline-2 focus:outline-indigo-400">
          {text}
        </span>
      );
    },
  }),
  col.accessor("nextAttemptAt", {
    header: header("nextAttemptAt"),
    cell: (info) => {
      const s = info.row.original.status;
      return s === "retrying" || s === "queued" ? <Countdown iso={info.getValue()} className="text-xs whitespace-nowrap" /> : <span className="text-slate-400">—</span>;
    },
  }),
  col.accessor("createdAt", { header: header("createdAt"), cell: (info) => <LocalTime iso={info.getValue()} compact seconds={false} className="text-xs whitespace-nowrap" /> }),
  col.accessor("updatedAt", { header: header("updatedAt"), cell: (info) => <LocalTime iso={info.getValue()} compact seconds={false} className="text-xs whitespace-nowrap" /> }),
]);
