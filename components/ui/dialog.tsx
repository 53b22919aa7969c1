"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { Button, type ButtonVariant } from "./button";

/**
 * A modal on the native <dialog>: the browser traps focus, Esc closes it and focus returns to the opener.
 * Put the fields of the dialog in `children`; the form submits through `onSubmit`.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  onSubmit,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  children?: React.ReactNode;
  footer: React.ReactNode;
  onSubmit?: (form: FormData) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={onClose}
      aria-labelledby="dialog-title"
      data-testid={testId}
      className="m-auto w-full max-w-lg rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200"
    >
      {open && (
        <form
          method="dialog"
          // Fields are checked by the caller, which shows its message in the dialog; no browser bubbles.
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit?.(new FormData(e.currentTarget));
          }}
        >
          <div className="px-5 pt-5">
            <h2 id="dialog-title" className="text-base font-semibold text-slate-900">
              {title}
            </h2>
            {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
            {children && <div className="mt-4 space-y-3">{children}</div>}
          </div>
          <div className="mt-5 flex justify-end gap-2 rounded-b-lg bg-slate-50 px-5 py-3">{footer}</div>
        </form>
      )}
    </dialog>
  );
}

/** Asks before a destructive or wide-reaching action; the confirm button submits the dialog's form. */
export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  description,
  confirmLabel,
  dismissLabel,
  tone = "primary",
  busy,
  error,
  children,
}: {
  open: boolean;
  onClose: () => void;
  onConfirm: (form: FormData) => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  confirmLabel: string;
  /** The button that closes without acting; "Keep task" beside "Cancel task", where "Cancel" would mean both. */
  dismissLabel?: string;
  tone?: ButtonVariant;
  busy?: boolean;
  error?: string | null;
  children?: React.ReactNode;
}) {
  const t = useTranslations("common");
  return (
    <Dialog
      open={open}
      onClose={onClose}
      onSubmit={onConfirm}
      title={title}
      description={description}
      testId="confirm-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={busy} data-testid="dismiss-button">
            {dismissLabel ?? t("cancel")}
          </Button>
          <Button type="submit" variant={tone} busy={busy} data-testid="confirm-button">
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error && (
        <p role="alert" data-testid="dialog-error" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200">
          {error}
        </p>
      )}
    </Dialog>
  );
}
