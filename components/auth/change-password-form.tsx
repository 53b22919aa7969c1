"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { useErrorText } from "@/components/ui/use-error-text";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { ActionState } from "@/lib/http/server-action";

export function ChangePasswordForm({
  action,
  then,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  then: "overview" | "stay";
}) {
  const { state, pending, form } = useKeptForm(action);
  const errors = state?.fieldErrors ?? {};
  const t = useTranslations("password");
  const errorText = useErrorText();
  return (
    <form {...form} className="space-y-4">
      <input type="hidden" name="then" value={then} />
      {state?.message && (
        <Notice tone={state.ok ? "success" : "error"} data-testid={state.ok ? "password-changed" : "password-error"}>
          {state.ok ? state.message : errorText(state)}
        </Notice>
      )}
      <Field label={t("current")} error={errors.currentPassword}>
        {(ids) => <Input {...ids} name="currentPassword" type="password" autoComplete="current-password" required />}
      </Field>
      <Field label={t("new")} hint={t("newHint")} error={errors.newPassword}>
        {(ids) => <Input {...ids} name="newPassword" type="password" autoComplete="new-password" required minLength={8} />}
      </Field>
      <Field label={t("repeat")} error={errors.confirmPassword}>
        {(ids) => <Input {...ids} name="confirmPassword" type="password" autoComplete="new-password" required />}
      </Field>
      <Button type="submit" variant="primary" busy={pending} className={then === "overview" ? "w-full" : undefined}>
        {t("submit")}
      </Button>
    </form>
  );
}
