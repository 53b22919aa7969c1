"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { errorStatus, type FieldIssue } from "@/lib/errors";
import { wordField, type ValidationText } from "@/lib/i18n/issue-text";

/**
 * The console's own words for an API error. API messages stay English (a contract), and in English they are
 * the most precise text there is; in other languages the error code's catalogue entry ("errors.<code>") is shown.
 */
export function useErrorText() {
  const t = useTranslations("errors");
  const locale = useLocale();
  const fieldText = useFieldText();
  return useCallback(
    (err: { code?: string | null; message?: string | null; status?: number; fields?: Record<string, string>; issues?: Record<string, FieldIssue> }) => {
      // A form that shows no field errors of its own still says which field is wrong, and how, in plain words.
      if (err.code === "validation_failed" && err.fields && Object.keys(err.fields).length > 0) {
        const texts = fieldText(err.fields, err.issues);
        return `${t("validation_failed")} ${Object.entries(texts).map(([path, text]) => `${path}: ${text}`).join("; ")}`;
      }
      if (locale === "en" && err.message) return err.message;
      if (err.code && err.code in errorStatus) return t(err.code as keyof typeof errorStatus);
      if (err.status === 0) return t("offline");
      return t("unknown");
    },
    [locale, t, fieldText],
  );
}

/** Field messages of an API answer in plain words and the viewer's language (lib/i18n/issue-text.ts wordField). */
export function useFieldText() {
  const t = useTranslations("validation");
  const locale = useLocale();
  return useCallback(
    (fields: Record<string, string>, issues: Record<string, FieldIssue> = {}) =>
      Object.fromEntries(Object.entries(fields).map(([k, message]) => [k, wordField({ message, issue: issues[k] }, locale, t as unknown as ValidationText)])),
    [locale, t],
  );
}

type Refusal = Parameters<ReturnType<typeof useErrorText>>[0] & { fields: Record<string, string>; issues?: Record<string, FieldIssue> };

/**
 * An API refusal laid out on a form: each error beside the field it is about (a field takes its sub-paths too, so
 * "params.amount" sits beside the parameters), and a notice that says only that fields need a look, or names the
 * errors no field of the form shows.
 */
export function useFormErrors(shown: readonly string[]) {
  const t = useTranslations("errors");
  const errorText = useErrorText();
  const fieldText = useFieldText();
  return useCallback(
    (res: Refusal): { fields: Record<string, string>; notice: string } => {
      const beside: Record<string, string> = {};
      const rest: Record<string, string> = {};
      for (const [path, text] of Object.entries(fieldText(res.fields, res.issues))) {
        const field = shown.find((f) => path === f || path.startsWith(`${f}.`));
        if (field) beside[field] ??= text;
        else rest[path] = res.fields[path]!;
      }
      const notice = Object.keys(rest).length > 0 ? errorText({ ...res, fields: rest }) : Object.keys(beside).length > 0 ? t("validation_failed") : errorText(res);
      return { fields: beside, notice };
    },
    [shown, t, errorText, fieldText],
  );
}
