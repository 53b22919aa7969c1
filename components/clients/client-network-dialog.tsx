"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Checkbox, Field, Input, Textarea } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { useErrorText } from "@/components/ui/use-error-text";
import type { ClientNetworkView } from "@/lib/clients/set-client-network";
import type { ActionState } from "@/lib/http/server-action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** One line for the clients table: what a client has beyond the shared defaults. */
export function NetworkBadges({ view }: { view: ClientNetworkView | undefined }) {
  const t = useTranslations("clients.network");
  const s = view?.summary;
  if (!s) return <>{t("default")}</>;
  const parts = [
    s.targetCidrs ? t("cidrs", { count: s.targetCidrs.length }) : null,
    s.caBundle ? "CA" : null,
    s.clientCert ? "mTLS" : null,
    s.proxyUrl ? t("proxy") : null,
  ].filter(Boolean);
  return <>{parts.length > 0 ? parts.join(" · ") : t("default")}</>;
}

/** The compact outbound section of a client: allowed target CIDRs, CA bundle, client certificate, egress proxy. */
export function ClientNetworkDialog({
  client,
  view,
  action,
  onClose,
}: {
  client: { id: number; name: string } | null;
  view: ClientNetworkView | undefined;
  action: Action;
  onClose: () => void;
}) {
  const t = useTranslations("clients.network");
  const common = useTranslations("common");
  const errorText = useErrorText();
  const [state, submit, saving] = useActionState(action, null);
  useEffect(() => {
    if (state?.ok) onClose();
  }, [state, onClose]);
  const s = view?.summary;
  const err = state?.ok ? undefined : state?.fieldErrors;

  return (
    <Dialog
      open={client !== null}
      onClose={onClose}
      testId="client-network-dialog"
      title={t("title", { name: client?.name ?? "" })}
      description={t("description")}
      onSubmit={(form) => {
        form.set("id", String(client?.id ?? 0));
        startTransition(() => submit(form));
      }}
      footer={
        <>
          <Button type="button" variant="ghost" onClick={onClose}>{common("cancel")}</Button>
          <Button type="submit" variant="primary" busy={saving}>{common("save")}</Button>
        </>
      }
    >
      {state && !state.ok && <Notice tone="error">{errorText(state)}</Notice>}
      <Field label={t("targetCidrs")} hint={t("targetCidrsHint")} error={err?.targetCidrs}>
        {(ids) => <Input {...ids} name="targetCidrs" defaultValue={s?.targetCidrs?.join(", ") ?? ""} placeholder="10.20.0.0/16, 2001:db8::/32" />}
      </Field>
      <Field label={t("caBundle")} hint={t("caBundleHint")} error={err?.caBundle}>
        {(ids) => <Textarea {...ids} name="caBundle" rows={3} defaultValue={view?.caBundle ?? ""} placeholder="-----BEGIN CERTIFICATE-----" />}
      </Field>
      <Field label={t("clientCert")} hint={s?.clientCert ? t("certNow", { subject: s.clientCert.subject, until: s.clientCert.validTo?.slice(0, 10) ?? "?" }) : undefined} error={err?.clientCert}>
        {(ids) => <Textarea {...ids} name="clientCert" rows={3} defaultValue={view?.clientCert ?? ""} placeholder="-----BEGIN CERTIFICATE-----" />}
      </Field>
      <Field label={t("clientKey")} hint={s?.clientKey ? t("keyStored") : t("keyNew")} error={err?.clientKey}>
        {(ids) => <Textarea {...ids} name="clientKey" rows={2} autoComplete="off" placeholder="-----BEGIN PRIVATE KEY-----" />}
      </Field>
      {s?.clientKey && (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <Checkbox name="removeKey" /> {t("removeKey")}
        </label>
      )}
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("proxyUrl")} hint={s?.proxyUrl?.includes(":****@") ? t("proxyKept") : t("proxyHint")} error={err?.proxyUrl}>
          {(ids) => <Input {...ids} name="proxyUrl" defaultValue={s?.proxyUrl ?? ""} placeholder="http://proxy.internal:3128" />}
        </Field>
        <Field label={t("noProxy")} hint={t("noProxyHint")} error={err?.noProxy}>
          {(ids) => <Input {...ids} name="noProxy" defaultValue={s?.noProxy ?? ""} placeholder=".internal, api.example.com" />}
        </Field>
      </div>
    </Dialog>
  );
}
