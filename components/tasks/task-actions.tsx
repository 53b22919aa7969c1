"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { actionsFor, type TaskAction } from "@/lib/tasks/lifecycle/actions";
import type { LiveStatus } from "@/lib/tasks/lifecycle/statuses";
import { consoleFetch } from "./console-api";

type Action = TaskAction;

const done: Record<Action, string> = {
  retry: "The task is queued again with a fresh attempt budget.",
  run_now: "The next attempt runs now.",
  cancel: "The task is cancelled.",
  resolve: "The task is resolved.",
};

/** The manual compensation buttons of a task, each confirmed in a dialog, offered only where they apply. */
export function TaskActions({ id, status, url, params }: { id: string; status: LiveStatus; url: string; params: unknown }) {
  const router = useRouter();
  const [open, setOpen] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const run = async (action: Action, form: FormData) => {
    let body: Record<string, unknown> | undefined;
    if (action === "retry") {
      body = {};
      const newUrl = String(form.get("url") ?? "").trim();
      if (newUrl && newUrl !== url) body.url = newUrl;
      const rawParams = String(form.get("params") ?? "").trim();
      const original = params === null || params === undefined ? "" : JSON.stringify(params, null, 2);
      if (rawParams !== original.trim()) {
        try {
          body.params = rawParams === "" ? null : (JSON.parse(rawParams) as unknown);
        } catch {
          return setError("The parameters are not valid JSON.");
        }
        if (body.params !== null && (typeof body.params !== "object" || Array.isArray(body.params))) return setError("The parameters must be a JSON object.");
      }
    } else if (action === "cancel" || action === "resolve") {
      const note = String(form.get("note") ?? "").trim();
      if (action === "resolve" && !note) return setError("Write a note saying what was done by hand.");
      body = note ? { note } : {};
    }
    setBusy(true);
    setError(null);
    const res = await consoleFetch(`/api/console/tasks/${id}/${action}`, { method: "POST", body: body ?? {} });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setOpen(null);
    setMessage(done[action]);
    router.refresh();
  };

  // The buttons offered are the lifecycle table's, for the status shown (running included).
  const available = actionsFor(status);
  const close = () => {
    setOpen(null);
    setError(null);
  };

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2" data-testid="task-actions">
        {available.includes("retry") && <Button variant="primary" onClick={() => setOpen("retry")}>Retry</Button>}
        {available.includes("run_now") && <Button onClick={() => setOpen("run_now")}>Run now</Button>}
        {available.includes("resolve") && <Button onClick={() => setOpen("resolve")}>Resolve…</Button>}
        {available.includes("cancel") && <Button variant="danger" onClick={() => setOpen("cancel")}>Cancel task</Button>}
        {available.length === 0 && <span className="text-sm text-slate-500">No action applies to a {status} task.</span>}
      </div>
      {message && <Notice tone="success" data-testid="action-result">{message}</Notice>}

      <ConfirmDialog
        open={open === "retry"}
        onClose={close}
        onConfirm={(f) => run("retry", f)}
        busy={busy}
        error={error}
        title="Retry this task?"
        description="It is queued again with a fresh attempt budget. Correct the target first if it was wrong."
        confirmLabel="Retry"
      >
        <Field label="URL">{(ids) => <Input {...ids} name="url" defaultValue={url} className="font-mono text-xs" />}</Field>
        <Field label="Parameters (JSON object)" hint="Leave as is to keep them.">
          {(ids) => <Textarea {...ids} name="params" rows={6} defaultValue={params === null || params === undefined ? "" : JSON.stringify(params, null, 2)} />}
        </Field>
      </ConfirmDialog>
      <ConfirmDialog
        open={open === "run_now"}
        onClose={close}
        onConfirm={(f) => run("run_now", f)}
        busy={busy}
        error={error}
        title="Run the next attempt now?"
        description="The waiting attempt is made at once instead of at its scheduled time."
        confirmLabel="Run now"
      />
      <ConfirmDialog
        open={open === "cancel"}
        onClose={close}
        onConfirm={(f) => run("cancel", f)}
        busy={busy}
        error={error}
        tone="danger"
        title="Cancel this task?"
        description="No further attempts are made. It can still be retried later."
        confirmLabel="Cancel task"
      >
        <Field label="Note (optional)">{(ids) => <Textarea {...ids} name="note" rows={2} className="font-sans" />}</Field>
      </ConfirmDialog>
      <ConfirmDialog
        open={open === "resolve"}
        onClose={close}
        onConfirm={(f) => run("resolve", f)}
        busy={busy}
        error={error}
        title="Resolve this task by hand?"
        description="Use this when the call was made some other way or is no longer needed. No further attempts are made."
        confirmLabel="Resolve"
      >
        <Field label="What was done (required)">
          {(ids) => <Textarea {...ids} name="note" rows={3} className="font-sans" required data-testid="resolve-note" />}
        </Field>
      </ConfirmDialog>
    </div>
  );
}
