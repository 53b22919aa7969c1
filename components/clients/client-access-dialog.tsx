"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Dialog } from "@/components/ui/dialog";
import { Field, Select, Textarea } from "@/components/ui/form-controls";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { useErrorText } from "@/components/ui/use-error-text";
import type { ActionState } from "@/lib/http/server-action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export interface ClientAccess {
  id: number;
  name: string;
  allowedCallerCidrs: string[] | null;
  lastUsedAt: string | null;
  secretRotatedAt: string | null;
  /** Null when there is no old key, or its grace period has ended. */
  previousSecretExpiresAt: string | null;
}

export interface ClientAccessActions {
  setCallers: Action;
  rotateKey: Action;
  revokePreviousKey: Action;
}

// Labels: "clients.access.grace.<value>".
const graceChoices = ["0", "1h", "24h", "7d", "30d"] as const;

/** Who may call with a client's key, and the key itself: the caller allow-list, rotation and last use. */
export function ClientAccessDialog({ client, actions, onClose }: { client: ClientAccess | null; actions: ClientAccessActions; onClose: () => void }) {
  const t = useTranslations("clients.access");
  const common = useTranslations("common");
  const errorText = useErrorText();
  const [state, setState] = useState<ActionState>(null);
  const [busy, startTransition] = useTransition();
  const [callers, setCallers] = useState("");
  const [grace, setGrace] = useState("24h");
  const [shownFor, setShownFor] = useState<number | null>(null);

  // Fresh fields each time the dialog opens for a client.
  if (client && shownFor !== client.id) {
    setShownFor(client.id);
    setCallers(client.allowedCallerCidrs?.join("\n") ?? "");
    setGrace("24h");
    setState(null);
  }
  if (!client && shownFor !== null) setShownFor(null);

  const run = (action: Action, fields: Record<string, string>) => {
    if (!client) return;
    const form = new FormData();
    form.set("id", String(client.id));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    startTransition(async () => setState(await action(null, form)));
  };
  const graceActive = Boolean(client?.previousSecretExpiresAt);

  return (
    <Dialog
      open={client !== null}
      onClose={onClose}
      testId="client-access-dialog"
      title={t("title", { name: client?.name ?? "" })}
      description={t("description")}
      footer={<Button onClick={onClose}>{common("close")}</Button>}
    >
      {state?.message && <Notice tone={state.ok ? "success" : "error"} data-testid="client-access-result">{state.ok ? state.message : errorText(state)}</Notice>}
      {state?.secret && <CodeBlock testId="rotated-credentials">{state.secret}</CodeBlock>}
      <Field
        label={t("callers")}
        hint={t("callersHint")}
        error={state?.fieldErrors?.allowedCallerCidrs}
      >
        {(ids) => <Textarea {...ids} name="allowedCallerCidrs" rows={3} value={callers} onChange={(e) => setCallers(e.target.value)} placeholder={"10.0.0.0/8\n2001:db8::/32"} />}
      </Field>
      <div className="flex justify-end">
        <Button size="sm" variant="primary" busy={busy} onClick={() => run(actions.setCallers, { allowedCallerCidrs: callers })} data-testid="save-callers">{t("saveCallers")}</Button>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 border-t border-slate-200 pt-3 text-sm">
        <dt className="text-slate-500">{t("lastUsed")}</dt>
        <dd data-testid="client-last-used"><LocalTime iso={client?.lastUsedAt ?? null} /></dd>
        <dt className="text-slate-500">{t("rotated")}</dt>
        <dd><LocalTime iso={client?.secretRotatedAt ?? null} /></dd>
        <dt className="text-slate-500">{t("oldUntil")}</dt>
        <dd data-testid="client-old-key-until">{graceActive ? <LocalTime iso={client!.previousSecretExpiresAt} /> : <span className="text-slate-400">—</span>}</dd>
      </dl>
      <div className="flex items-end gap-2">
        <Field label={t("graceLabel")} className="flex-1" error={state?.fieldErrors?.grace}>
          {(ids) => (
            <Select {...ids} name="grace" value={grace} onChange={(e) => setGrace(e.target.value)}>
              {graceChoices.map((value) => <option key={value} value={value}>{t(`grace.${value}`)}</option>)}
            </Select>
          )}
        </Field>
        <Button variant="danger" busy={busy} onClick={() => run(actions.rotateKey, { grace })} data-testid="rotate-key">{t("rotate")}</Button>
      </div>
      {graceActive && (
        <Button size="sm" variant="ghost" busy={busy} onClick={() => run(actions.revokePreviousKey, {})} data-testid="revoke-previous-key">
          {t("revoke")}
        </Button>
      )}
    </Dialog>
  );
}
