"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { useFormErrors } from "@/components/ui/use-error-text";
import { actionsFor, type TaskAction } from "@/lib/tasks/lifecycle/actions";
import type { LiveStatus } from "@/lib/tasks/lifecycle/statuses";
import { consoleFetch } from "./console-api";

type Action = TaskAction;

/** The fields the dialogs below have: an API error about one of them is shown beside it. */
const dialogFields = ["url", "params", "note"] as const;

/** The manual compensation buttons of a task, each confirmed in a dialog, offered only where they apply. */
export function TaskActions({ id, status, url, params }: { id: string; status: LiveStatus; url: string; params: unknown }) {
  const router = useRouter();
  const t = useTranslations("taskActions");
  const statusName = useTranslations("status");
  const formErrors = useFormErrors(dialogFields);
  const [open, setOpen] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Beside the field it is about, in plain words; the dialog keeps what was typed.
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const fieldError = (field: string, text: string) => {
    setFields({ [field]: text });
    setError(null);
  };
  const run = async (action: Action, form: FormData) => {
    setFields({});
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
          return fieldError("params", t("paramsNotJson"));
        }
        if (body.params !== null && (typeof body.params !== "object" || Array.isArray(body.params))) return fieldError("params", t("paramsNotObject"));
      }
    } else if (action === "cancel" || action === "resolve") {
      const note = String(form.get("note") ?? "").trim();
      if (action === "resolve" && !note) return fieldError("note", t("noteRequired"));
      body = note ? { note } : {};
    }
    setBusy(true);
    setError(null);
    const res = await consoleFetch(`/api/console/tasks/${id}/${action}`, { method: "POST", body: body ?? {} });
    setBusy(false);
    if (!res.ok) {
      const { fields: beside, notice } = formErrors(res);
      setFields(beside);
      return setError(notice);
    }
    setOpen(null);
    setMessage(t(`done.${action}`));
    router.refresh();
  };

  // The buttons offered are the lifecycle table's, for the status shown (running included).
  const available = actionsFor(status);
  const close = () => {
    setOpen(null);
    setError(null);
    setFields({});
  };

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2" data-testid="task-actions">
        {available.includes("retry") && <Button variant="primary" onClick={() => setOpen("retry")}>{t("retry")}</Button>}
        {available.includes("run_now") && <Button onClick={() => setOpen("run_now")}>{t("runNow")}</Button>}
        {available.includes("resolve") && <Button onClick={() => setOpen("resolve")}>{t("resolveMenu")}</Button>}
        {available.includes("cancel") && <Button variant="danger" onClick={() => setOpen("cancel")}>{t("cancelTask")}</Button>}
        {available.length === 0 && <span className="text-sm text-slate-500">{t("noAction", { status: statusName(status) })}</span>}
      </div>
      {message && <Notice tone="success" data-testid="action-result">{message}</Notice>}

      <ConfirmDialog
        open={open === "retry"}
        onClose={close}
        onConfirm={(f) => run("retry", f)}
        busy={busy}
        error={error}
        title={t("retryTitle")}
        description={t("retryDescription")}
        confirmLabel={t("retry")}
      >
        <Field label={t("url")} error={fields.url}>{(ids) => <Input {...ids} name="url" defaultValue={url} className="font-mono text-xs" />}</Field>
        <Field label={t("params")} hint={t("paramsHint")} error={fields.params}>
          {(ids) => <Textarea {...ids} name="params" rows={6} defaultValue={params === null || params === undefined ? "" : JSON.stringify(params, null, 2)} />}
        </Field>
      </ConfirmDialog>
      <ConfirmDialog
        open={open === "run_now"}
        onClose={close}
        onConfirm={(f) => run("run_now", f)}
        busy={busy}
        error={error}
        title={t("runNowTitle")}
        description={t("runNowDescription")}
        confirmLabel={t("runNow")}
      />
      <ConfirmDialog
        open={open === "cancel"}
        onClose={close}
        onConfirm={(f) => run("cancel", f)}
        busy={busy}
        error={error}
        tone="danger"
        title={t("cancelTitle")}
        description={t("cancelDescription")}
        confirmLabel={t("cancelTask")}
        dismissLabel={t("keepTask")}
      >
        <Field label={t("noteOptional")} error={fields.note}>{(ids) => <Textarea {...ids} name="note" rows={2} className="font-sans" />}</Field>
      </ConfirmDialog>
      <ConfirmDialog
        open={open === "resolve"}
        onClose={close}
        onConfirm={(f) => run("resolve", f)}
        busy={busy}
        error={error}
        title={t("resolveTitle")}
        description={t("resolveDescription")}
        confirmLabel={t("resolve")}
      >
        <Field label={t("resolveNote")} error={fields.note}>
          {(ids) => <Textarea {...ids} name="note" rows={3} className="font-sans" required data-testid="resolve-note" />}
        </Field>
      </ConfirmDialog>
    </div>
  );
}
