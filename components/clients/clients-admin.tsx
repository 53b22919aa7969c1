"use client";

import { useActionState, useState, useTransition } from "react";
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
import type { ClientQuotas } from "@/lib/db/schema/api-clients";
import type { ActionState } from "@/lib/http/server-action";
import { ClientAccessDialog, type ClientAccess, type ClientAccessActions } from "./client-access-dialog";
import type { ClientNetworkView } from "@/lib/clients/set-client-network";
import { ClientNetworkDialog, networkBadges } from "./client-network-dialog";
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
  const [editingNetwork, setEditingNetwork] = useState<ClientItem | null>(null);
  const [editingQuotas, setEditingQuotas] = useState<ClientItem | null>(null);
  const [created, createAction, creating] = useActionState(actions.create, null);
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
      if (!res?.ok) return setError(res?.message ?? "Failed.");
      setResult(res.message ?? null);
      setPending(null);
      setError(null);
    });
  };

  return (
    <div className="grid gap-5 xl:grid-cols-3">
      <Card className="xl:col-span-2">
        <CardHeader title="Clients" description={`${clients.length} client${clients.length === 1 ? "" : "s"}`} />
        {result && <div className="px-4 pt-3"><Notice tone="success">{result}</Notice></div>}
        {clients.length === 0 ? (
          <EmptyState title="No API clients yet">Create one to let a system submit tasks.</EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Username (key id)</Th>
                <Th>Allowed hosts</Th>
                <Th>Callers</Th>
                <Th>Last used</Th>
                <Th>Outbound</Th>
                <Th>Quotas</Th>
                <Th>State</Th>
                <Th>Created</Th>
                <Th><span className="sr-only">Actions</span></Th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <Tr key={c.id} data-testid="client-row" data-name={c.name}>
                  <Td className="font-medium text-slate-900">{c.name}</Td>
                  <Td className="font-mono text-xs">{c.username}</Td>
                  <Td className="text-xs">{c.allowedHosts?.join(", ") ?? <span className="text-slate-400">any</span>}</Td>
                  <Td className="text-xs" data-testid="client-callers">{c.access.allowedCallerCidrs?.join(", ") ?? <span className="text-slate-400">any</span>}</Td>
                  <Td className="text-xs"><LocalTime iso={c.access.lastUsedAt} relative /></Td>
                  <Td className="text-xs" data-testid={`client-network-${c.name}`}>{networkBadges(networks[c.id])}</Td>
                  <Td><QuotasSummary quotas={c.quotas} defaults={quotaDefaults} /></Td>
                  <Td>{c.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}</Td>
                  <Td className="text-xs"><LocalTime iso={c.createdAt} /></Td>
                  <Td className="text-right">
                    <Button size="sm" variant="ghost" onClick={() => setAccessId(c.id)}>Access…</Button>
                    {actions.setNetwork && <Button size="sm" variant="ghost" onClick={() => setEditingNetwork(c)}>Outbound…</Button>}
                    <Button size="sm" variant="ghost" onClick={() => setEditingQuotas(c)} data-testid={`edit-quotas-${c.name}`}>Quotas…</Button>
                    <Button size="sm" variant="ghost" onClick={() => setPending(c)}>{c.disabled ? "Enable" : "Disable…"}</Button>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card>
        <CardHeader title="Create a client" />
        <CardBody>
          <form action={createAction} className="space-y-4">
            {created?.message && <Notice tone={created.ok ? "success" : "error"}>{created.message}</Notice>}
            {created?.secret && <CodeBlock testId="client-credentials">{created.secret}</CodeBlock>}
            <Field label="Name" error={created?.fieldErrors?.name}>{(ids) => <Input {...ids} name="name" required autoComplete="off" />}</Field>
            <Field label="Allowed target hosts" hint="Optional: host names or *.suffix, separated by commas. Empty allows any host the outbound policy allows." error={created?.fieldErrors?.allowedHosts}>
              {(ids) => <Input {...ids} name="allowedHosts" placeholder="api.example.com, *.internal" />}
            </Field>
            <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
              <legend className="px-1 text-sm font-medium">kkbida credentials (optional)</legend>
              <p className="text-xs text-slate-500">
                Moving from kkbida? Enter its callcenter.system.username and password: its HTTP clients then keep their
                callBack.UserName / callBack.PassWord. Empty: Bida generates a username and password.
              </p>
              <Field label="kkbida username" error={created?.fieldErrors?.kkbidaUsername}>
                {(ids) => <Input {...ids} name="kkbidaUsername" autoComplete="off" />}
              </Field>
              <Field label="kkbida password" error={created?.fieldErrors?.kkbidaPassword}>
                {(ids) => <Input {...ids} name="kkbidaPassword" type="password" autoComplete="new-password" />}
              </Field>
            </fieldset>
            <Button type="submit" variant="primary" busy={creating}>Create client</Button>
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
        title={pending?.disabled ? `Enable ${pending?.name}?` : `Disable ${pending?.name}?`}
        description={pending?.disabled ? undefined : "Its key and kkbida password stop working at once; tasks already submitted keep running."}
        confirmLabel={pending?.disabled ? "Enable" : "Disable"}
      />
    </div>
  );
}
