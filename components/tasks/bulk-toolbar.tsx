"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";
import type { TaskCount } from "@/lib/console/count-tasks";
import { allowedFrom, taskActions, type TaskAction } from "@/lib/tasks/lifecycle/actions";
import { consoleFetch } from "./console-api";
import { tasksHref, type TasksView } from "./tasks-url";

const tones: Record<TaskAction, "primary" | "danger"> = { retry: "primary", run_now: "primary", cancel: "danger", resolve: "danger" };

/** An action's words ("tasks.bulk.<action>.*"); which tasks it applies to is read from the lifecycle table, so the text cannot drift from the guard. */
export function useBulkActionText() {
  const t = useTranslations("tasks.bulk");
  const status = useTranslations("status");
  return (action: TaskAction) => {
    const names = allowedFrom[action].map((s) => status(s));
    const statuses = names.length > 1 ? t("statusList", { first: names.slice(0, -1).join(t("listSeparator")), last: names.at(-1)! }) : names[0]!;
    return { label: t(`${action}.label`), verb: t(`${action}.verb`), applies: t(`${action}.applies`, { statuses }), tone: tones[action] };
  };
}
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
  const tb = useTranslations("tasks.bulk");
  const bulkActionText = useBulkActionText();
  const errorText = useErrorText();
  const { number: formatNumber } = useFormat();
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [noteError, setNoteError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const close = () => {
    setPending(null);
    setError(null);
    setNoteError(null);
  };

  const confirm = async (form: FormData) => {
    if (!pending) return;
    const note = String(form.get("note") ?? "").trim() || undefined;
    if (pending.action === "resolve" && !note) {
      setNoteError(tb("noteRequired"));
      return;
    }
    setBusy(true);
    setError(null);
    setNoteError(null);
    if (pending.scope === "selected") {
      const res = await consoleFetch<{ changed: number; skipped: number }>("/api/console/tasks/bulk", {
        body: { action: pending.action, ids: selectedIds, note },
      });
      setBusy(false);
      if (!res.ok) return setError(errorText(res));
      const t = bulkActionText(pending.action);
      setResult(
        tb("result", { count: res.data.changed, n: formatNumber(res.data.changed), verb: t.verb }) +
          (res.data.skipped ? tb("resultSkipped", { n: formatNumber(res.data.skipped) }) : ""),
      );
      close();
      onDone();
    } else {
      const res = await consoleFetch<{ id: string }>("/api/console/bulk-jobs", { body: { action: pending.action, filter: view.filter, note } });
      setBusy(false);
      if (!res.ok) return setError(errorText(res));
      close();
      onNavigate(tasksHref(view, { bulkJob: res.data.id }));
    }
  };

  const t = pending ? bulkActionText(pending.action) : null;
  return (
    <>
      {result && (
        <Notice tone="success" className="py-1" data-testid="bulk-result">
          {result}
        </Notice>
      )}
      {selectedIds.length > 0 && (
        <div className="flex items-center gap-1" role="group" aria-label={tb("selectedGroup")} data-testid="selection-actions">
          {actions.map((a) => (
            <Button key={a} size="sm" variant="secondary" onClick={() => { setResult(null); setPending({ scope: "selected", action: a }); }}>
              {bulkActionText(a).label} ({selectedIds.length})
            </Button>
          ))}
        </div>
      )}
      <details className="relative" data-testid="filter-actions">
        <summary className="inline-flex h-8 cursor-pointer list-none items-center rounded-md bg-white px-2.5 text-xs font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
          {tb("allMatchingMenu")}
        </summary>
        <div className="absolute right-0 z-20 mt-1 w-64 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
          <p className="px-2 py-1 text-xs text-slate-500">{tb("allMatchingHint")}</p>
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
              {tb("allMatching", { action: bulkActionText(a).label })}
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
            ? tb("confirmSelected", { action: t?.label ?? "", count: selectedIds.length })
            : tb("confirmFilter", { action: t?.label ?? "" })
        }
        confirmLabel={pending?.scope === "filter" ? tb("allMatching", { action: t?.label ?? "" }) : `${t?.label}`}
        dismissLabel={pending?.action === "cancel" ? tb("keepTasks") : undefined}
        description={
          <>
            <p>{tb("only", { applies: t?.applies ?? "" })}</p>
            {pending?.scope === "filter" && (
              <p className="mt-2">
                {tb(count.atLeast ? "matchingAtLeast" : count.approximate ? "matchingAbout" : "matching", { count: count.value, n: formatNumber(count.value) })}{" "}
                {tb("background")}
              </p>
            )}
          </>
        }
      >
        {(pending?.action === "resolve" || pending?.action === "cancel") && (
          <Field label={pending.action === "resolve" ? tb("noteRequiredLabel") : tb("noteOptionalLabel")} hint={tb("noteHint")} error={noteError ?? undefined}>
            {(ids) => <Textarea {...ids} name="note" rows={3} className="font-sans" required={pending.action === "resolve"} data-testid="bulk-note" />}
          </Field>
        )}
      </ConfirmDialog>
    </>
  );
}
