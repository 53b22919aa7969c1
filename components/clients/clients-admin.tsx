"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/form-controls";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useErrorText } from "@/components/ui/use-error-text";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { ClientQuotas } from "@/lib/db/schema/api-clients";
import type { ActionState } from "@/lib/http/server-action";
import { ClientAccessDialog, type ClientAccess, type ClientAccessActions } from "./client-access-dialog";
import type { ClientNetworkView } from "@/lib/clients/set-client-network";
import { ClientNetworkDialog, NetworkBadges } from "./client-network-dialog";
import type { Quotas } from "@/lib/quotas/client-quotas";
import { QuotasDialog, QuotasSummary } from "./client-quotas";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
interface ClientItem {
  id: number;
  name: string;
  username: string;
  allowedHosts: string[] | null;
  quotas: ClientQuotas | null;
  disabled: boolean;
  createdAt: string;
  access: ClientAccess;
}

export function ClientsAdmin({
  clients,
  actions,
  networks = {},
  quotaDefaults,
}: {
  clients: ClientItem[];
  actions: { create: Action; setDisabled: Action; access: ClientAccessActions; setNetwork?: Action; setQuotas: Action };
  networks?: Record<number, ClientNetworkView>;
  quotaDefaults: Quotas;
}) {
  const t = useTranslations("clients");
  const errorText = useErrorText();
  const [editingNetwork, setEditingNetwork] = useState<ClientItem | null>(null);
  const [editingQuotas, setEditingQuotas] = useState<ClientItem | null>(null);
  const { state: created, pending: creating, form: createForm } = useKeptForm(actions.create);
  const [pending, setPending] = useState<ClientItem | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, startTransition] = useTransition();
  // By id, so the dialog shows the page's fresh data after each of its actions.
  const [accessId, setAccessId] = useState<number | null>(null);
  const accessClient = clients.find((c) => c.id === accessId)?.access ?? null;

  const toggle = (form: FormData) => {
    if (!pending) return;
    form.set("id", String(pending.id));
    form.set("disabled", String(!pending.disabled));
    startTransition(async () => {
      const res = await actions.setDisabled(null, form);
      if (!res?.ok) return setError(res ? errorText(res) : t("failed"));
      setResult(res.message ?? null);
      setPending(null);
      setError(null);
    });
  };

  return (
    <div className="grid gap-5">
      <Card>
        <CardHeader title={t("clients")} description={t("count", { count: clients.length })} />
        {result && <div className="px-4 pt-3"><Notice tone="success">{result}</Notice></div>}
        {clients.length === 0 ? (
          <EmptyState title={t("empty")}>{t("emptyBody")}</EmptyState>
        ) : (
          // Seven columns, two facts in some: ten columns did not fit 1366 px.
          <Table data-testid="clients-table">
            <thead>
              <tr>
                <Th>{t("name")}</Th>
                <Th>{t("allowedHosts")} · {t("callers")}</Th>
                <Th>{t("outbound")}</Th>
                <Th>{t("quotasColumn")}</Th>
                <Th>{t("state")}</Th>
                <Th>{t("lastUsed")}</Th>
                <Th><span className="sr-only">{t("actions")}</span></Th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <Tr key={c.id} data-testid="client-row" data-name={c.name}>
                  <Td>
                    <span className="block font-medium text-slate-900" data-i18n-exempt>{c.name}</span>
                    <span className="block font-mono text-xs text-slate-500" data-i18n-exempt title={t("username")}>{c.username}</span>
                    <span className="block text-xs text-slate-500">{t("created")} <LocalTime iso={c.createdAt} seconds={false} /></span>
                  </Td>
                  <Td className="text-xs">
                    <span className="block">{c.allowedHosts ? <span data-i18n-exempt>{c.allowedHosts.join(", ")}</span> : <span className="text-slate-400">{t("any")}</span>}</span>
                    <span className="block" data-testid="client-callers">{c.access.allowedCallerCidrs ? <span data-i18n-exempt>{c.access.allowedCallerCidrs.join(", ")}</span> : <span className="text-slate-400">{t("any")}</span>}</span>
                  </Td>
                  <Td className="text-xs" data-testid={`client-network-${c.name}`}><NetworkBadges view={networks[c.id]} /></Td>
                  <Td><QuotasSummary quotas={c.quotas} defaults={quotaDefaults} /></Td>
                  <Td>{c.disabled ? <Badge tone="red">{t("disabled")}</Badge> : <Badge tone="green">{t("active")}</Badge>}</Td>
                  <Td className="text-xs"><LocalTime iso={c.access.lastUsedAt} relative /></Td>
                  <Td>
                    <div className="flex flex-wrap justify-end gap-1">
                      <Button size="sm" variant="ghost" onClick={() => setAccessId(c.id)}>{t("accessMenu")}</Button>
                      {actions.setNetwork && <Button size="sm" variant="ghost" onClick={() => setEditingNetwork(c)}>{t("outboundMenu")}</Button>}
                      <Button size="sm" variant="ghost" onClick={() => setEditingQuotas(c)} data-testid={`edit-quotas-${c.name}`}>{t("quotasMenu")}</Button>
                      <Button size="sm" variant="ghost" onClick={() => setPending(c)}>{c.disabled ? t("enable") : t("disableMenu")}</Button>
                    </div>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card className="max-w-2xl">
        <CardHeader title={t("createTitle")} />
        <CardBody>
          <form {...createForm} className="space-y-4" data-testid="create-client-form">
            {created?.message && <Notice tone={created.ok ? "success" : "error"}>{created.ok ? created.message : errorText(created)}</Notice>}
            {created?.secret && <CodeBlock testId="client-credentials">{created.secret}</CodeBlock>}
            <Field label={t("name")} error={created?.fieldErrors?.name}>{(ids) => <Input {...ids} name="name" required autoComplete="off" />}</Field>
            <Field label={t("allowedTargetHosts")} hint={t("allowedTargetHostsHint")} error={created?.fieldErrors?.allowedHosts}>
              {(ids) => <Input {...ids} name="allowedHosts" placeholder="api.example.com, *.internal" />}
            </Field>
            <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
              <legend className="px-1 text-sm font-medium">{t("kkbidaLegend")}</legend>
              <p className="text-xs text-slate-500">{t("kkbidaHint")}</p>
              <Field label={t("kkbidaUsername")} error={created?.fieldErrors?.kkbidaUsername}>
                {(ids) => <Input {...ids} name="kkbidaUsername" autoComplete="off" />}
              </Field>
              <Field label={t("kkbidaPassword")} error={created?.fieldErrors?.kkbidaPassword}>
                {(ids) => <Input {...ids} name="kkbidaPassword" type="password" autoComplete="new-password" />}
              </Field>
            </fieldset>
            <Button type="submit" variant="primary" busy={creating}>{t("create")}</Button>
          </form>
        </CardBody>
      </Card>
      <ClientAccessDialog client={accessClient} actions={actions.access} onClose={() => setAccessId(null)} />
      {actions.setNetwork && (
        <ClientNetworkDialog
          key={editingNetwork?.id ?? 0}
          client={editingNetwork}
          view={editingNetwork ? networks[editingNetwork.id] : undefined}
          action={actions.setNetwork}
          onClose={() => setEditingNetwork(null)}
        />
      )}
      <QuotasDialog
        client={editingQuotas}
        defaults={quotaDefaults}
        action={actions.setQuotas}
        onClose={() => setEditingQuotas(null)}
        onSaved={(message) => {
          setEditingQuotas(null);
          setResult(message);
        }}
      />
      <ConfirmDialog
        open={pending !== null}
        onClose={() => { setPending(null); setError(null); }}
        onConfirm={toggle}
        busy={busy}
        error={error}
        tone={pending?.disabled ? "primary" : "danger"}
        title={t(pending?.disabled ? "enableTitle" : "disableTitle", { name: pending?.name ?? "" })}
        description={pending?.disabled ? undefined : t("disableDescription")}
        confirmLabel={pending?.disabled ? t("enable") : t("disable")}
      />
    </div>
  );
}
