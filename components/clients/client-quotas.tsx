"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/form-controls";
import type { ClientQuotas } from "@/lib/db/schema/api-clients";
import type { ActionState } from "@/lib/http/server-action";
import type { Quotas } from "@/lib/quotas/client-quotas";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
type Key = keyof Quotas;

const fields: Array<{ key: Key; label: string; unit: string; hint: string }> = [
  { key: "submitsPerSecond", label: "Submits per second", unit: "/s", hint: "A token bucket; a batch costs its task count." },
  { key: "submitBurst", label: "Submit burst", unit: " burst", hint: "Tasks the bucket holds when full." },
  { key: "openTasks", label: "Open tasks", unit: " open", hint: "Tasks not yet final; a submit past it answers 429." },
  { key: "attemptsPerMinute", label: "Attempts per minute", unit: "/min", hint: "Across the client's tasks; attempts over it wait (reason quota)." },
  { key: "batchBytes", label: "Batch bytes", unit: " B/batch", hint: "Largest batch body; at most 1 MiB." },
];

const show = (n: number, unit: string) => (n === 0 ? `no limit${unit.startsWith("/") ? "" : unit}` : `${n.toLocaleString("en-US")}${unit}`);

/** The client's quotas as enforced; its own settings in bold, the defaults in grey. */
export function QuotasSummary({ quotas, defaults }: { quotas: ClientQuotas | null; defaults: Quotas }) {
  return (
    <ul className="space-y-0.5 text-xs" data-testid="client-quotas">
      {fields.map((f) => {
        const own = quotas?.[f.key];
        const set = own !== null && own !== undefined;
        return (
          <li key={f.key} className={set ? "font-semibold text-slate-900" : "text-slate-500"} data-quota={f.key} data-own={set ? "true" : undefined}>
            {show(set ? own : defaults[f.key], f.unit)}
          </li>
        );
      })}
    </ul>
  );
}

/** Edits one client's quotas: an empty field takes the default, 0 lifts the limit. */
export function QuotasDialog({
  client,
  defaults,
  action,
  onClose,
  onSaved,
}: {
  client: { id: number; name: string; quotas: ClientQuotas | null } | null;
  defaults: Quotas;
  action: Action;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [state, setState] = useState<ActionState>(null);
  const [busy, startTransition] = useTransition();
  const close = () => {
    setState(null);
    onClose();
  };
  const save = (form: FormData) => {
    if (!client) return;
    form.set("id", String(client.id));
    startTransition(async () => {
      const res = await action(null, form);
      if (!res?.ok) return setState(res ?? { ok: false, message: "Failed." });
      setState(null);
      onSaved(res.message ?? "Saved.");
    });
  };
  return (
    <Dialog
      open={client !== null}
      onClose={close}
      onSubmit={save}
      testId="quotas-dialog"
      title={`Quotas of ${client?.name ?? ""}`}
      description="Empty takes the default shown; 0 means no limit. Changes apply within 10 seconds."
      footer={
        <>
          <Button onClick={close} disabled={busy}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} data-testid="quotas-save">Save quotas</Button>
        </>
      }
    >
      {fields.map((f) => (
        <Field key={f.key} label={f.label} hint={`${f.hint} Default: ${show(defaults[f.key], f.unit)}.`} error={state?.fieldErrors?.[f.key]}>
          {(ids) => (
            <Input {...ids} name={f.key} inputMode="numeric" autoComplete="off" placeholder={String(defaults[f.key])} defaultValue={client?.quotas?.[f.key] ?? ""} />
          )}
        </Field>
      ))}
      {state && !state.ok && (
        <p role="alert" data-testid="dialog-error" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200">
          {state.message}
        </p>
      )}
    </Dialog>
  );
}
