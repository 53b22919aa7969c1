"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/form-controls";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useErrorText } from "@/components/ui/use-error-text";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { Role } from "@/lib/db/schema/users";
import type { ActionState } from "@/lib/http/server-action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export interface UserItem {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  /** When the sign-in lock lifts on its own; null when not locked. */
  unlocksAt: string | null;
}

const roles: Role[] = ["viewer", "operator", "admin"];
type Pending = { kind: "role" | "disable" | "enable" | "reset"; user: UserItem };

export function UsersAdmin({
  users,
  selfId,
  actions,
}: {
  users: UserItem[];
  selfId: number;
  actions: { create: Action; setRole: Action; setDisabled: Action; resetPassword: Action; unlock: Action };
}) {
  const t = useTranslations("users");
  const roleName = useTranslations("layout.roles");
  const errorText = useErrorText();
  const { state: createState, pending: creating, form: createForm } = useKeptForm(actions.create);
  const [pending, setPending] = useState<Pending | null>(null);
  const [result, setResult] = useState<ActionState>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, startTransition] = useTransition();

  const confirm = (form: FormData) => {
    if (!pending) return;
    form.set("id", String(pending.user.id));
    const run = { role: actions.setRole, disable: actions.setDisabled, enable: actions.setDisabled, reset: actions.resetPassword }[pending.kind];
    if (pending.kind === "disable" || pending.kind === "enable") form.set("disabled", String(pending.kind === "disable"));
    startTransition(async () => {
      const res = await run(null, form);
      if (!res?.ok) return setError(res ? errorText(res) : t("failed"));
      setResult(res);
      setPending(null);
      setError(null);
    });
  };
  const errors = createState?.fieldErrors ?? {};
  const unlock = (u: UserItem) => {
    const form = new FormData();
    form.set("id", String(u.id));
    startTransition(async () => {
      const res = await actions.unlock(null, form);
      if (!res?.ok) return setError(res ? errorText(res) : t("failed"));
      setResult(res);
    });
  };

  return (
    <div className="grid gap-5 2xl:grid-cols-3">
      <Card className="2xl:col-span-2">
        <CardHeader title={t("accounts")} description={t("count", { count: users.length })} />
        {result?.ok && (
          <div className="px-4 pt-3">
            <Notice tone="success" data-testid="user-result">
              {result.message}
              {result.secret && <code data-i18n-exempt className="ml-2 rounded bg-white px-1.5 py-0.5 font-mono text-sm ring-1 ring-emerald-200" data-testid="temp-password">{result.secret}</code>}
              {result.secret && (
                <Button size="sm" variant="ghost" className="ml-2" data-testid="copy-secret" onClick={() => void navigator.clipboard?.writeText(result.secret!)}>
                  {t("copy")}
                </Button>
              )}
            </Notice>
          </div>
        )}
        <Table data-testid="users-table">
          <thead>
            <tr>
              <Th>{t("user")}</Th>
              <Th>{t("role")}</Th>
              <Th>{t("state")}</Th>
              <Th>{t("lastSignIn")}</Th>
              <Th><span className="sr-only">{t("actions")}</span></Th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <Tr key={u.id} data-testid="user-row" data-username={u.username}>
                <Td className="font-medium text-slate-900">
                  <span className="whitespace-nowrap" data-i18n-exempt>{u.username}</span> {u.id === selfId && <span className="text-xs font-normal text-slate-500">{t("you")}</span>}
                </Td>
                <Td>
                  <Badge tone={u.role === "admin" ? "violet" : u.role === "operator" ? "indigo" : "gray"}>{roleName(u.role)}</Badge>
                </Td>
                <Td className="space-x-1">
                  {u.disabled ? <Badge tone="red">{t("disabled")}</Badge> : <Badge tone="green">{t("active")}</Badge>}
                  {u.mustChangePassword && <Badge tone="amber">{t("mustChange")}</Badge>}
                  {u.unlocksAt && (
                    <span data-testid="user-locked">
                      <Badge tone="red">{t("locked")}</Badge>{" "}
                      <span className="text-xs text-slate-500">{t("unlocksAt")} <LocalTime iso={u.unlocksAt} /></span>
                    </span>
                  )}
                </Td>
                <Td className="text-xs whitespace-nowrap"><LocalTime iso={u.lastLoginAt} relative /></Td>
                <Td className="text-right whitespace-nowrap">
                  {u.id !== selfId && (
                    <div className="inline-flex gap-1">
                      {u.unlocksAt && <Button size="sm" variant="primary" busy={busy} onClick={() => unlock(u)} data-testid="unlock-user">{t("unlock")}</Button>}
                      <Button size="sm" variant="ghost" onClick={() => setPending({ kind: "role", user: u })}>{t("roleMenu")}</Button>
                      <Button size="sm" variant="ghost" onClick={() => setPending({ kind: "reset", user: u })}>{t("resetMenu")}</Button>
                      <Button size="sm" variant="ghost" onClick={() => setPending({ kind: u.disabled ? "enable" : "disable", user: u })}>
                        {u.disabled ? t("enable") : t("disableMenu")}
                      </Button>
                    </div>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>

      <Card className="max-w-2xl 2xl:max-w-none">
        <CardHeader title={t("addTitle")} description={t("addDescription")} />
        <CardBody>
          <form {...createForm} className="space-y-4" data-testid="add-user-form">
            {createState?.message && <Notice tone={createState.ok ? "success" : "error"}>{createState.ok ? createState.message : errorText(createState)}</Notice>}
            <Field label={t("username")} error={errors.username}>{(ids) => <Input {...ids} name="username" autoComplete="off" required />}</Field>
            <Field label={t("role")} error={errors.role}>
              {(ids) => (
                <Select {...ids} name="role" defaultValue="viewer">
                  {roles.map((r) => <option key={r} value={r}>{roleName(r)}</option>)}
                </Select>
              )}
            </Field>
            <Field label={t("initialPassword")} hint={t("initialPasswordHint")} error={errors.password}>
              {(ids) => <Input {...ids} name="password" type="password" autoComplete="new-password" required minLength={8} />}
            </Field>
            <Button type="submit" variant="primary" busy={creating}>{t("add")}</Button>
          </form>
        </CardBody>
      </Card>

      <ConfirmDialog
        open={pending !== null}
        onClose={() => { setPending(null); setError(null); }}
        onConfirm={confirm}
        busy={busy}
        error={error}
        tone={pending?.kind === "disable" || pending?.kind === "reset" ? "danger" : "primary"}
        title={
          pending ? t(`confirm.${pending.kind}Title`, { name: pending.user.username }) : ""
        }
        description={
          pending?.kind === "reset" ? t("confirm.resetDescription") :
          pending?.kind === "disable" ? t("confirm.disableDescription") : undefined
        }
        confirmLabel={pending ? t(`confirm.${pending.kind}`) : ""}
      >
        {pending?.kind === "role" && (
          <Field label={t("role")}>
            {(ids) => (
              <Select {...ids} name="role" defaultValue={pending.user.role}>
                {roles.map((r) => <option key={r} value={r}>{roleName(r)}</option>)}
              </Select>
            )}
          </Field>
        )}
      </ConfirmDialog>
    </div>
  );
}
