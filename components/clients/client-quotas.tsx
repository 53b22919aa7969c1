"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/form-controls";
import { useErrorText } from "@/components/ui/use-error-text";
import type { ClientQuotas } from "@/lib/db/schema/api-clients";
import type { ActionState } from "@/lib/http/server-action";
import type { Quotas } from "@/lib/quotas/client-quotas";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
type Key = keyof Quotas;

// Labels, hints and units are in the catalogue: "clients.quotas.<key>.label|hint|unit".
const fields: Key[] = ["submitsPerSecond", "submitBurst", "openTasks", "attemptsPerMinute", "batchBytes"];
const bytes = (n: number) => (n % 1_048_576 === 0 ? `${n / 1_048_576} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} B`);

function useQuotaText() {
  const t = useTranslations("clients.quotas");
  const locale = useLocale();
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  return {
    t,
    locale,
    show: (key: Key, n: number) => t(`${key}.unit`, { n: n === 0 ? t("noLimit") : key === "batchBytes" ? bytes(n) : compact.format(n) }),
  };
}

/** The client's quotas as enforced, compact (the exact figure on hover); its own settings in bold, defaults in grey. */
export function QuotasSummary({ quotas, defaults }: { quotas: ClientQuotas | null; defaults: Quotas }) {
  const { t, locale, show } = useQuotaText();
  const item = (key: Key) => {
    const own = quotas?.[key];
    const set = own !== null && own !== undefined;
    const value = set ? own : defaults[key];
    return (
      <span key={key} title={`${t(`${key}.label`)}: ${value.toLocaleString(locale)}${set ? "" : ` ${t("defaultMark")}`}`} className={set ? "font-semibold text-slate-900" : "text-slate-500"} data-quota={key} data-own={set ? "true" : undefined}>
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
  const { t, locale } = useQuotaText();
  const common = useTranslations("common");
  const errorText = useErrorText();
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
      if (!res?.ok) return setState(res ?? { ok: false, message: t("failed") });
      setState(null);
      onSaved(res.message ?? t("saved"));
    });
  };
  return (
    <Dialog
      open={client !== null}
      onClose={close}
      onSubmit={save}
      testId="quotas-dialog"
      title={t("title", { name: client?.name ?? "" })}
      description={t("description")}
      footer={
        <>
          <Button onClick={close} disabled={busy}>{common("cancel")}</Button>
          <Button type="submit" variant="primary" busy={busy} data-testid="quotas-save">{t("save")}</Button>
        </>
      }
    >
      {fields.map((key) => (
        <Field key={key} label={t(`${key}.label`)} hint={`${t(`${key}.hint`)} ${t("default", { value: defaults[key] === 0 ? t("noLimit") : defaults[key].toLocaleString(locale) })}`} error={state?.fieldErrors?.[key]}>
          {(ids) => (
            <Input {...ids} name={key} inputMode="numeric" autoComplete="off" placeholder={String(defaults[key])} defaultValue={client?.quotas?.[key] ?? ""} />
          )}
        </Field>
      ))}
      {state && !state.ok && (
        <p role="alert" data-testid="dialog-error" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200">
          {errorText(state)}
        </p>
      )}
    </Dialog>
  );
}
