"use client";

import { useActionState, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { Field, Input, Select } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/http/server-action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
interface SigningItem {
  id: number;
  name: string;
  signCallbacks: boolean;
  /** While a rotated-out secret still signs beside the new one. */
  previousSigningUntil: string | null;
}

/** Callback signing per client: on or off, and rotating the secret with an overlap; a new secret is shown once. */
export function SigningAdmin({ clients, actions }: { clients: SigningItem[]; actions: { rotate: Action; set: Action } }) {
  const [selected, setSelected] = useState(clients[0]?.id ?? 0);
  const [rotated, rotate, rotating] = useActionState(actions.rotate, null);
  const [switched, toggle, toggling] = useActionState(actions.set, null);
  const client = clients.find((c) => c.id === selected);
  const last = rotated ?? switched;
  if (clients.length === 0) return null;
  return (
    <Card className="mt-5" data-testid="signing-admin">
      <CardHeader title="Callback signing" description="Standard Webhooks headers on every call to the client's targets; receivers verify them with the client's secret." />
      <CardBody className="space-y-4">
        {last?.message && <Notice tone={last.ok ? "success" : "error"}>{last.message}</Notice>}
        {last?.secret && <CodeBlock testId="signing-secret">{last.secret}</CodeBlock>}
        <div className="flex flex-wrap items-end gap-4">
          <Field label="Client">
            {(ids) => (
              <Select {...ids} value={selected} onChange={(e) => setSelected(Number(e.target.value))}>
                {clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </Select>
            )}
          </Field>
          {client && (
            <p className="pb-2 text-sm">
              {client.signCallbacks ? <Badge tone="green">signed</Badge> : <Badge tone="gray">not signed</Badge>}
              {client.previousSigningUntil && <span className="ml-2 text-xs text-slate-500">old secret signs too until {client.previousSigningUntil}</span>}
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-end gap-4">
          <form action={rotate} className="flex items-end gap-2">
            <input type="hidden" name="id" value={selected} />
            <Field label="Overlap (hours)" error={rotated?.fieldErrors?.graceHours}>
              {(ids) => <Input {...ids} name="graceHours" type="number" min={0} max={720} defaultValue={24} className="w-24" />}
            </Field>
            <Button type="submit" busy={rotating}>Rotate secret</Button>
          </form>
          <form action={toggle}>
            <input type="hidden" name="id" value={selected} />
            <input type="hidden" name="on" value={String(!client?.signCallbacks)} />
            <Button type="submit" variant={client?.signCallbacks ? "danger" : "secondary"} busy={toggling}>
              {client?.signCallbacks ? "Stop signing" : "Sign calls"}
            </Button>
          </form>
        </div>
      </CardBody>
    </Card>
  );
}
