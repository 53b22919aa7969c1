"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import type { ActionState } from "@/lib/http/server-action";

export function ChangePasswordForm({
  action,
  then,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  then: "overview" | "stay";
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state?.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate key={state?.ok ? "done" : "form"}>
      <input type="hidden" name="then" value={then} />
      {state?.message && (
        <Notice tone={state.ok ? "success" : "error"} data-testid={state.ok ? "password-changed" : "password-error"}>
          {state.message}
        </Notice>
      )}
      <Field label="Current password" error={errors.currentPassword}>
        {(ids) => <Input {...ids} name="currentPassword" type="password" autoComplete="current-password" required />}
      </Field>
      <Field label="New password" hint="At least 8 characters." error={errors.newPassword}>
        {(ids) => <Input {...ids} name="newPassword" type="password" autoComplete="new-password" required minLength={8} />}
      </Field>
      <Field label="Repeat the new password" error={errors.confirmPassword}>
        {(ids) => <Input {...ids} name="confirmPassword" type="password" autoComplete="new-password" required />}
      </Field>
      <Button type="submit" variant="primary" busy={pending} className={then === "overview" ? "w-full" : undefined}>
        Change password
      </Button>
    </form>
  );
}
