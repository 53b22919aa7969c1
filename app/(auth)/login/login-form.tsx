"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { login, type LoginState } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(login, null);
  const t = useTranslations("login");
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state?.error && (
        <Notice tone="error" data-testid="login-error">
          {state.error}
        </Notice>
      )}
      <Field label={t("username")}>
        {(ids) => <Input {...ids} name="username" autoComplete="username" defaultValue={state?.username ?? ""} required autoFocus />}
      </Field>
      <Field label={t("password")}>
        {(ids) => <Input {...ids} name="password" type="password" autoComplete="current-password" required />}
      </Field>
      <Button type="submit" variant="primary" className="w-full" busy={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
