"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { Field, Input, Select } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { useErrorText } from "@/components/ui/use-error-text";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { useFormat } from "@/components/ui/use-format";
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
  const t = useTranslations("clients.signing");
  const errorText = useErrorText();
  const f = useFormat();
  const [selected, setSelected] = useState(clients[0]?.id ?? 0);
  const { state: rotated, pending: rotating, form: rotateForm } = useKeptForm(actions.rotate);
  const [switched, toggle, toggling] = useActionState(actions.set, null);
  const client = clients.find((c) => c.id === selected);
  const last = rotated ?? switched;
  if (clients.length === 0) return null;
  return (
    <Card className="mt-5" data-testid="signing-admin">
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        {last?.message && <Notice tone={last.ok ? "success" : "error"}>{last.ok ? last.message : errorText(last)}</Notice>}
        {last?.secret && <CodeBlock testId="signing-secret">{last.secret}</CodeBlock>}
        <div className="flex flex-wrap items-end gap-4">
          <Field label={t("client")}>
            {(ids) => (
              <Select {...ids} value={selected} onChange={(e) => setSelected(Number(e.target.value))}>
                {clients.map((c) => <option key={c.id} value={c.id} data-i18n-exempt>{c.name}</option>)}
              </Select>
            )}
          </Field>
          {client && (
            <p className="pb-2 text-sm">
              {client.signCallbacks ? <Badge tone="green">{t("signed")}</Badge> : <Badge tone="gray">{t("notSigned")}</Badge>}
              {client.previousSigningUntil && <span className="ml-2 text-xs text-slate-500">{t("oldUntil", { until: f.dateTime(client.previousSigningUntil) })}</span>}
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-end gap-4">
          <form {...rotateForm} className="flex items-end gap-2">
            <input type="hidden" name="id" value={selected} />
            <Field label={t("overlap")} error={rotated?.fieldErrors?.graceHours}>
              {(ids) => <Input {...ids} name="graceHours" type="number" min={0} max={720} defaultValue={24} className="w-24" />}
            </Field>
            <Button type="submit" busy={rotating}>{t("rotate")}</Button>
          </form>
          <form action={toggle}>
            <input type="hidden" name="id" value={selected} />
            <input type="hidden" name="on" value={String(!client?.signCallbacks)} />
            <Button type="submit" variant={client?.signCallbacks ? "danger" : "secondary"} busy={toggling}>
              {client?.signCallbacks ? t("stop") : t("start")}
            </Button>
          </form>
        </div>
      </CardBody>
    </Card>
  );
}
