"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/form-controls";
import { formatNumber } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import type { TaskCount } from "@/lib/console/count-tasks";
import { allowedFrom, taskActions, type TaskAction } from "@/lib/tasks/lifecycle/actions";
import { consoleFetch } from "./console-api";
import { tasksHref, type TasksView } from "./tasks-url";

// Which tasks an action applies to is read from the lifecycle table, so the text cannot drift from the guard.
const statusList = (action: TaskAction) => allowedFrom[action].join(", ").replace(/, ([^,]*)$/, " or $1");

export const bulkActionText: Record<TaskAction, { label: string; verb: string; applies: string; tone: "primary" | "danger" }> = {
  retry: { label: "Retry", verb: "retried", applies: `${statusList("retry")} tasks get a fresh attempt budget`, tone: "primary" },
  run_now: { label: "Run now", verb: "moved to now", applies: `${statusList("run_now")} tasks make their next attempt now`, tone: "primary" },
  cancel: { label: "Cancel", verb: "cancelled", applies: `${statusList("cancel")} tasks stop; no further attempts`, tone: "danger" },
  resolve: { label: "Resolve", verb: "resolved", applies: `${statusList("resolve")} tasks are closed as handled by hand`, tone: "danger" },
};
const actions = taskActions;

type Pending = { scope: "selected" | "filter"; action: TaskAction };

/** Actions on the selected rows, or on everything matching the filter (a background job in the worker). */
export function BulkToolbar({
  selectedIds,
  view,
  count,
  onDone,
  onNavigate,
}: {
  selectedIds: string[];
  view: TasksView;
  count: TaskCount;
  onDone: () => void;
  onNavigate: (href: string) => void;
}) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const close = () => {
    setPending(null);
    setError(null);
  };

  const confirm = async (form: FormData) => {
    if (!pending) return;
    const note = String(form.get("note") ?? "").trim() || undefined;
    if (pending.action === "resolve" && !note) {
      setError("Write a note saying what was done by hand.");
      return;
    }
    setBusy(true);
    setError(null);
    if (pending.scope === "selected") {
      const res = await consoleFetch<{ changed: number; skipped: number }>("/api/console/tasks/bulk", {
        body: { action: pending.action, ids: selectedIds, note },
      });
      setBusy(false);
      if (!res.ok) return setError(res.message);
      const t = bulkActionText[pending.action];
      setResult(`${formatNumber(res.data.changed)} task${res.data.changed === 1 ? "" : "s"} ${t.verb}${res.data.skipped ? `; ${formatNumber(res.data.skipped)} skipped (not in a state this applies to)` : ""}.`);
      close();
      onDone();
    } else {
      const res = await consoleFetch<{ id: string }>("/api/console/bulk-jobs", { body: { action: pending.action, filter: view.filter, note } });
      setBusy(false);
      if (!res.ok) return setError(res.message);
      close();
      onNavigate(tasksHref(view, { bulkJob: res.data.id }));
    }
  };

  const t = pending ? bulkActionText[pending.action] : null;
  return (
    <>
      {result && (
        <Notice tone="success" className="py-1" data-testid="bulk-result">
          {result}
        </Notice>
      )}
      {selectedIds.length > 0 && (
        <div className="flex items-center gap-1" role="group" aria-label="Actions on the selected tasks" data-testid="selection-actions">
          {actions.map((a) => (
            <Button key={a} size="sm" variant={bulkActionText[a].tone === "danger" ? "secondary" : "secondary"} onClick={() => { setResult(null); setPending({ scope: "selected", action: a }); }}>
              {bulkActionText[a].label} ({selectedIds.length})
            </Button>
          ))}
        </div>
      )}
      <details className="relative" data-testid="filter-actions">
        <summary className="inline-flex h-8 cursor-pointer list-none items-center rounded-md bg-white px-2.5 text-xs font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
          All matching…
        </summary>
        <div className="absolute right-0 z-20 mt-1 w-64 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
          <p className="px-2 py-1 text-xs text-slate-500">Apply to every task matching the current filter, in the background:</p>
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className="block w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-50"
              onClick={(e) => {
                (e.currentTarget.closest("details") as HTMLDetailsElement).open = false;
                setResult(null);
                setPending({ scope: "filter", action: a });
              }}
            >
              {bulkActionText[a].label} all matching
            </button>
          ))}
        </div>
      </details>
      <ConfirmDialog
        open={pending !== null}
        onClose={close}
        onConfirm={confirm}
        busy={busy}
        error={error}
        tone={t?.tone ?? "primary"}
        title={
          pending?.scope === "selected"
            ? `${t?.label} ${selectedIds.length} selected task${selectedIds.length === 1 ? "" : "s"}?`
            : `${t?.label} every task matching this filter?`
        }
        confirmLabel={pending?.scope === "filter" ? `${t?.label} all matching` : `${t?.label}`}
        description={
          <>
            <p>Only {t?.applies}; the others are skipped.</p>
            {pending?.scope === "filter" && (
              <p className="mt-2">
                {`${count.atLeast ? "At least " : count.approximate ? "About " : ""}${formatNumber(count.value)} task${count.value === 1 ? "" : "s"} match the filter now. `}
                It runs in the background; you can follow its progress here.
              </p>
            )}
          </>
        }
      >
        {(pending?.action === "resolve" || pending?.action === "cancel") && (
          <Field label={pending.action === "resolve" ? "Note (required)" : "Note (optional)"} hint="Kept on each task and in the audit log.">
            {(ids) => <Textarea {...ids} name="note" rows={3} className="font-sans" required={pending.action === "resolve"} data-testid="bulk-note" />}
          </Field>
        )}
      </ConfirmDialog>
    </>
  );
}
