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

const fields: Array<{ key: Key; label: string; hint: string }> = [
  { key: "submitsPerSecond", label: "Submits per second", hint: "A token bucket; a batch costs its task count." },
  { key: "submitBurst", label: "Submit burst", hint: "Tasks the bucket holds when full." },
  { key: "openTasks", label: "Open tasks", hint: "Tasks not yet final; a submit past it answers 429." },
  { key: "attemptsPerMinute", label: "Attempts per minute", hint: "Across the client's tasks; attempts over it wait (reason quota)." },
  { key: "batchBytes", label: "Batch bytes", hint: "Largest batch body, in bytes; at most 1 MiB (1048576)." },
];

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const bytes = (n: number) => (n % 1_048_576 === 0 ? `${n / 1_048_576} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} B`);
const unitOf: Record<Key, (n: string) => string> = {
  submitsPerSecond: (n) => `${n}/s`,
  submitBurst: (n) => `burst ${n}`,
  openTasks: (n) => `${n} open`,
  attemptsPerMinute: (n) => `${n} attempts/min`,
  batchBytes: (n) => `${n} batch`,
};
const show = (key: Key, n: number) => (n === 0 ? unitOf[key]("no limit") : unitOf[key](key === "batchBytes" ? bytes(n) : compact.format(n)));

/** The client's quotas as enforced, compact (the exact figure on hover); its own settings in bold, defaults in grey. */
export function QuotasSummary({ quotas, defaults }: { quotas: ClientQuotas | null; defaults: Quotas }) {
  const item = (key: Key) => {
    const own = quotas?.[key];
    const set = own !== null && own !== undefined;
    const value = set ? own : defaults[key];
    return (
      <span key={key} title={`${fields.find((f) => f.key === key)!.label}: ${value.toLocaleString("en-US")}${set ? "" : " (default)"}`} className={set ? "font-semibold text-slate-900" : "text-slate-500"} data-quota={key} data-own={set ? "true" : undefined}>
        {show(key, value)}
      </span>
    );
  };
  return (
    <ul className="space-y-0.5 whitespace-nowrap text-xs" data-testid="client-quotas">
      <li>{item("submitsPerSecond")}, {item("submitBurst")}</li>
      <li>{item("openTasks")}</li>
      <li>{item("attemptsPerMinute")}</li>
      <li>{item("batchBytes")}</li>
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
        <Field key={f.key} label={f.label} hint={`${f.hint} Default: ${defaults[f.key] === 0 ? "no limit" : defaults[f.key].toLocaleString("en-US")}.`} error={state?.fieldErrors?.[f.key]}>
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
