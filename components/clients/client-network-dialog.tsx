"use client";

import { startTransition, useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Checkbox, Field, Input, Textarea } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import type { ClientNetworkView } from "@/lib/clients/set-client-network";
import type { ActionState } from "@/lib/http/server-action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** One line for the clients table: what a client has beyond the shared defaults. */
export function networkBadges(view: ClientNetworkView | undefined): string {
  const s = view?.summary;
  if (!s) return "default";
  const parts = [
    s.targetCidrs ? `${s.targetCidrs.length} CIDR${s.targetCidrs.length === 1 ? "" : "s"}` : null,
    s.caBundle ? "CA" : null,
    s.clientCert ? "mTLS" : null,
    s.proxyUrl ? "proxy" : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : "default";
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
      title={`Outbound settings of ${client?.name ?? ""}`}
      description="How the worker reaches this client's targets. Empty fields fall back to the defaults."
      onSubmit={(form) => {
        form.set("id", String(client?.id ?? 0));
        startTransition(() => submit(form));
      }}
      footer={
        <>
          <Button type="button" variant="ghost" onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={saving}>Save</Button>
        </>
      }
    >
      {state && !state.ok && <Notice tone="error">{state.message}</Notice>}
      <Field label="Allowed target CIDRs" hint="Resolved target addresses this client may reach, e.g. 10.20.0.0/16. Empty: any the outbound policy allows." error={err?.targetCidrs}>
        {(ids) => <Input {...ids} name="targetCidrs" defaultValue={s?.targetCidrs?.join(", ") ?? ""} placeholder="10.20.0.0/16, 2001:db8::/32" />}
      </Field>
      <Field label="CA bundle (PEM)" hint="Trusted for this client's targets in addition to the system's CAs." error={err?.caBundle}>
        {(ids) => <Textarea {...ids} name="caBundle" rows={3} defaultValue={view?.caBundle ?? ""} placeholder="-----BEGIN CERTIFICATE-----" />}
      </Field>
      <Field label="Client certificate (PEM, for mTLS)" hint={s?.clientCert ? `Now: ${s.clientCert.subject}, valid to ${s.clientCert.validTo?.slice(0, 10) ?? "?"}` : undefined} error={err?.clientCert}>
        {(ids) => <Textarea {...ids} name="clientCert" rows={3} defaultValue={view?.clientCert ?? ""} placeholder="-----BEGIN CERTIFICATE-----" />}
      </Field>
      <Field label="Client key (PEM)" hint={s?.clientKey ? "A key is stored, encrypted. Paste one to replace it; leave empty to keep it." : "Stored encrypted, never shown again."} error={err?.clientKey}>
        {(ids) => <Textarea {...ids} name="clientKey" rows={2} autoComplete="off" placeholder="-----BEGIN PRIVATE KEY-----" />}
      </Field>
      {s?.clientKey && (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <Checkbox name="removeKey" /> Remove the stored key (and so mTLS)
        </label>
      )}
      <div className="grid grid-cols-2 gap-3">
        <Field label="Egress proxy" hint={s?.proxyUrl?.includes(":****@") ? "The password stays as stored unless you type the URL anew." : "http://host:port; user:password@ allowed (stored encrypted)"} error={err?.proxyUrl}>
          {(ids) => <Input {...ids} name="proxyUrl" defaultValue={s?.proxyUrl ?? ""} placeholder="http://proxy.internal:3128" />}
        </Field>
        <Field label="No proxy for" hint="Hosts or .suffix, comma-separated." error={err?.noProxy}>
          {(ids) => <Input {...ids} name="noProxy" defaultValue={s?.noProxy ?? ""} placeholder=".internal, api.example.com" />}
        </Field>
      </div>
    </Dialog>
  );
}
