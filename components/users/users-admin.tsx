"use client";

import { useActionState, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/form-controls";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th, Tr } from "@/components/ui/table";
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
  actions: { create: Action; setRole: Action; setDisabled: Action; resetPassword: Action };
}) {
  const [createState, createAction, creating] = useActionState(actions.create, null);
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
      if (!res?.ok) return setError(res?.message ?? "Failed.");
      setResult(res);
      setPending(null);
      setError(null);
    });
  };
  const errors = createState?.fieldErrors ?? {};

  return (
    <div className="grid gap-5 xl:grid-cols-3">
      <Card className="xl:col-span-2">
        <CardHeader title="Accounts" description={`${users.length} user${users.length === 1 ? "" : "s"}`} />
        {result?.ok && (
          <div className="px-4 pt-3">
            <Notice tone="success" data-testid="user-result">
              {result.message}
              {result.secret && <code className="ml-2 rounded bg-white px-1.5 py-0.5 font-mono text-sm ring-1 ring-emerald-200" data-testid="temp-password">{result.secret}</code>}
            </Notice>
          </div>
        )}
        <Table data-testid="users-table">
          <thead>
            <tr>
              <Th>User</Th>
              <Th>Role</Th>
              <Th>State</Th>
              <Th>Last sign-in</Th>
              <Th><span className="sr-only">Actions</span></Th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <Tr key={u.id} data-testid="user-row" data-username={u.username}>
                <Td className="font-medium text-slate-900">
                  {u.username} {u.id === selfId && <span className="text-xs font-normal text-slate-500">(you)</span>}
                </Td>
                <Td>
                  <Badge tone={u.role === "admin" ? "violet" : u.role === "operator" ? "indigo" : "gray"}>{u.role}</Badge>
                </Td>
                <Td className="space-x-1">
                  {u.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
                  {u.mustChangePassword && <Badge tone="amber">must change password</Badge>}
                </Td>
                <Td className="text-xs"><LocalTime iso={u.lastLoginAt} relative /></Td>
                <Td className="text-right whitespace-nowrap">
                  {u.id !== selfId && (
                    <div className="inline-flex gap-1">
                      <Button size="sm" variant="ghost" onClick={() => setPending({ kind: "role", user: u })}>Role…</Button>
                      <Button size="sm" variant="ghost" onClick={() => setPending({ kind: "reset", user: u })}>Reset password…</Button>
                      <Button size="sm" variant="ghost" onClick={() => setPending({ kind: u.disabled ? "enable" : "disable", user: u })}>
                        {u.disabled ? "Enable" : "Disable…"}
                      </Button>
                    </div>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>

      <Card>
        <CardHeader title="Add a user" description="They choose their own password at first sign-in." />
        <CardBody>
          <form action={createAction} className="space-y-4" key={createState?.ok ? createState.message : "new"}>
            {createState?.message && <Notice tone={createState.ok ? "success" : "error"}>{createState.message}</Notice>}
            <Field label="Username" error={errors.username}>{(ids) => <Input {...ids} name="username" autoComplete="off" required />}</Field>
            <Field label="Role" error={errors.role}>
              {(ids) => (
                <Select {...ids} name="role" defaultValue="viewer">
                  {roles.map((r) => <option key={r} value={r}>{r}</option>)}
                </Select>
              )}
            </Field>
            <Field label="Initial password" hint="At least 8 characters; tell it to the user." error={errors.password}>
              {(ids) => <Input {...ids} name="password" type="password" autoComplete="new-password" required minLength={8} />}
            </Field>
            <Button type="submit" variant="primary" busy={creating}>Add user</Button>
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
          pending?.kind === "role" ? `Change the role of ${pending.user.username}` :
          pending?.kind === "reset" ? `Reset the password of ${pending?.user.username}?` :
          pending?.kind === "disable" ? `Disable ${pending?.user.username}?` : `Enable ${pending?.user.username}?`
        }
        description={
          pending?.kind === "reset" ? "A temporary password is generated and shown once; their current password stops working." :
          pending?.kind === "disable" ? "They are signed out at once and cannot sign in until enabled again." : undefined
        }
        confirmLabel={pending?.kind === "role" ? "Change role" : pending?.kind === "reset" ? "Reset password" : pending?.kind === "disable" ? "Disable" : "Enable"}
      >
        {pending?.kind === "role" && (
          <Field label="Role">
            {(ids) => (
              <Select {...ids} name="role" defaultValue={pending.user.role}>
                {roles.map((r) => <option key={r} value={r}>{r}</option>)}
              </Select>
            )}
          </Field>
        )}
      </ConfirmDialog>
    </div>
  );
}
