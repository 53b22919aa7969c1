"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { useTable, type ColumnVisibilityState, type RowSelectionState } from "@tanstack/react-table";
import { LinkButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { useRowKeys } from "@/components/ui/use-row-keys";
import { useFormat } from "@/components/ui/use-format";
import { useThrottled } from "@/components/live/use-task-events";
import type { TaskRow } from "@/lib/console/task-row";
import type { TaskCount } from "@/lib/console/count-tasks";
import { scanBudget } from "@/lib/console/limits";
import { BulkToolbar } from "./bulk-toolbar";
import { ColumnMenu } from "./column-menu";
import { columnWidths, defaultHidden, taskColumns, taskTableFeatures } from "./task-columns";
import { TaskCards } from "./task-cards";
import { pageSizes, tasksHref, type TasksView } from "./tasks-url";
import { useLiveRows } from "./use-live-rows";

const visibilityKey = "bida.tasks.columns";

export interface TasksBoardProps {
  view: TasksView;
  rows: TaskRow[];
  nextCursor: string | null;
  prevCursor: string | null;
  scanLimited: boolean;
  firstPage: boolean;
  count: TaskCount;
  canAct: boolean;
}

export function TasksBoard({ view, rows, nextCursor, prevCursor, scanLimited, firstPage, count, canAct }: TasksBoardProps) {
  const router = useRouter();
  const t = useTranslations("tasks");
  const { number: formatNumber } = useFormat();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(defaultHidden);
  const [newArrivals, setNewArrivals] = useState(false);

  // The chosen columns follow the user from visit to visit.
  useEffect(() => {
    try {
      const saved = localStorage.getItem(visibilityKey);
      if (saved) setColumnVisibility(JSON.parse(saved) as ColumnVisibilityState);
    } catch {
      // unreadable preference: keep the defaults
    }
  }, []);
  const changeVisibility = (updater: ColumnVisibilityState | ((old: ColumnVisibilityState) => ColumnVisibilityState)) => {
    setColumnVisibility((old) => {
      const next = typeof updater === "function" ? updater(old) : updater;
      localStorage.setItem(visibilityKey, JSON.stringify(next));
      return next;
    });
  };

  // A refresh issued while a navigation is pending would replace it with the old URL: hold refreshes until then.
  const [navigating, startNavigation] = useTransition();
  const navigatingRef = useRef(false);
  navigatingRef.current = navigating;
  const navigate = (href: string) => startNavigation(() => router.push(href));
  const tableBox = useRef<HTMLDivElement>(null);
  useRowKeys(tableBox, "[data-testid=task-link]");
  const refresh = useThrottled(() => {
    if (!navigatingRef.current) router.refresh();
  }, 1_000);
  const selectedCount = Object.keys(rowSelection).length;
  // New tasks slide in on the newest-first first page, unless the user is busy with a selection.
  const autoInsert = firstPage && view.sort === "created" && view.order === "desc";
  const { rows: data, changed } = useLiveRows(rows, {
    onUnknown: (events) => {
      // Only submissions (queued, no attempt yet) are new rows; other events concern tasks off this page.
      if (!autoInsert || !events.some((e) => e.status === "queued" && e.attempts === 0)) return;
      if (selectedCount > 0) setNewArrivals(true);
      else refresh();
    },
    onReconnect: () => router.refresh(),
  });

  const table = useTable({
    features: taskTableFeatures,
    columns: taskColumns,
    data,
    getRowId: (r) => r.id,
    enableRowSelection: canAct,
    // Sorting by last change shows the column it sorts by.
    state: { rowSelection, columnVisibility: view.sort === "updated" ? { ...columnVisibility, updatedAt: true } : columnVisibility },
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: changeVisibility,
  });

  const selectedIds = Object.keys(rowSelection);
  const sortHeader = (id: string) => {
    const key = id === "createdAt" ? "created" : id === "updatedAt" ? "updated" : null;
    if (!key) return null;
    const active = view.sort === key;
    const nextOrder = active && view.order === "desc" ? "asc" : "desc";
    return { key, active, href: tasksHref({ ...view, sort: key, order: nextOrder }) };
  };

  return (
    <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <p className="text-sm text-slate-600" data-testid="task-count">
          {count.atLeast
            ? t("countAtLeast", { n: formatNumber(count.value), budget: formatNumber(scanBudget) })
            : `${count.approximate ? "≈ " : ""}${t("count", { count: count.value, n: formatNumber(count.value) })}`}
        </p>
        <div className="flex items-center gap-2">
          {canAct && (
            <BulkToolbar
              selectedIds={selectedIds}
              view={view}
              count={count}
              onNavigate={navigate}
              onDone={() => {
                setRowSelection({});
                router.refresh();
              }}
            />
          )}
          {/* Columns are the table's; a phone shows cards. */}
          <div className="hidden md:block">
            <ColumnMenu columns={table.getAllLeafColumns()} />
          </div>
        </div>
      </div>

      {newArrivals && (
        <div className="border-b border-slate-100 px-4 py-2">
          <Notice tone="info">
            {t("newArrivals")}{" "}
            <button
              type="button"
              className="font-medium underline"
              onClick={() => {
                setNewArrivals(false);
                router.refresh();
              }}
            >
              {t("showThem")}
            </button>
          </Notice>
        </div>
      )}

      {data.length === 0 ? (
        // "Skip to the task list" lands here when nothing matches, and on the rows' body otherwise.
        <div id="task-list" tabIndex={-1} className="focus:outline-none">
        <EmptyState
          title={scanLimited ? t("noMatchesStretch") : t("noMatches")}
          action={
            scanLimited && nextCursor ? (
              <LinkButton href={tasksHref(view, { after: nextCursor })}>{t("searchFurther")}</LinkButton>
            ) : (
              <LinkButton href="/tasks">{t("clearFilters")}</LinkButton>
            )
          }
        >
          {scanLimited
            ? t("noMatchesStretchBody", { budget: formatNumber(scanBudget) })
            : t("emptyBody")}
        </EmptyState>
        </div>
      ) : (
        <>
        <TaskCards rows={data} />
        <div className="hidden md:block" ref={tableBox}>
        <Table data-testid="tasks-table" className="w-full table-fixed">
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((header) => {
                  const sort = sortHeader(header.column.id);
                  return (
                    <Th
                      key={header.id}
                      // Two-word headers may wrap inside their column's fixed width.
                      className={cn(columnWidths[header.column.id], header.column.id !== "select" && "whitespace-normal")}
                      aria-sort={sort?.active ? (view.order === "desc" ? "descending" : "ascending") : undefined}
                    >
                      {sort ? (
                        <Link href={sort.href} className="inline-flex items-center gap-1 rounded hover:text-slate-900" data-testid={`sort-${sort.key}`}>
                          <table.FlexRender header={header} />
                          <span aria-hidden="true" className={sort.active ? "text-indigo-600" : "text-slate-300"}>
                            {sort.active && view.order === "asc" ? "▲" : "▼"}
                          </span>
                        </Link>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </Th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody id="task-list" tabIndex={-1} className="focus:outline-none">
            {table.getRowModel().rows.map((row) => (
              <tr
                key={`${row.id}:${row.original.status}`}
                data-testid="task-row"
                data-task-id={row.id}
                data-status={row.original.status}
                className={cn(changed.has(row.id) && "animate-row-flash", "border-t border-slate-100 hover:bg-slate-50/60 focus-within:bg-indigo-50", row.getIsSelected() && "bg-indigo-50/60")}
              >
                {row.getVisibleCells().map((cell) => (
                  <Td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
        </div>
        </>
      )}

      <nav aria-label={t("pages")} className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-4 py-2.5 text-sm">
        <div className="flex items-center gap-2">
          {!firstPage && <LinkButton href={tasksHref(view)} size="sm" variant="ghost">{t("firstPage")}</LinkButton>}
          {prevCursor ? (
            <LinkButton href={tasksHref(view, { before: prevCursor })} size="sm" data-testid="page-prev">
              ← {view.order === "desc" ? t("newer") : t("older")}
            </LinkButton>
          ) : null}
          {nextCursor ? (
            <LinkButton href={tasksHref(view, { after: nextCursor })} size="sm" data-testid="page-next">
              {scanLimited ? t("searchFurther") : view.order === "desc" ? t("older") : t("newer")} →
            </LinkButton>
          ) : null}
          {selectedCount > 0 && <span className="text-slate-500">{t("selected", { n: selectedCount })}</span>}
        </div>
        <div className="flex items-center gap-1 text-slate-500">
          <span>{t("rowsPerPage")}</span>
          {pageSizes.map((n) => (
            <Link
              key={n}
              href={tasksHref({ ...view, limit: n })}
              aria-current={n === view.limit ? "true" : undefined}
              className={cn("rounded px-1.5 py-0.5", n === view.limit ? "bg-slate-100 font-semibold text-slate-900" : "hover:text-slate-900")}
            >
              {n}
            </Link>
          ))}
        </div>
      </nav>
    </div>
  );
}
