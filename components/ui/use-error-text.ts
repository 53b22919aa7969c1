"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { errorStatus, type FieldIssue } from "@/lib/errors";
import { fieldMessageKeys } from "@/lib/i18n/field-messages";
import { issueMessage } from "@/lib/i18n/issue-text";

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

/**
 * Field messages of an API answer in plain words and the viewer's language: Bida's own messages from the catalogue
 * (lib/i18n/field-messages.ts), zod's own checks reworded from what they checked (lib/i18n/issue-text.ts) in every
 * language (zod's "Too big: expected string to have <=64 characters" is not for people); anything else as it is.
 */
export function useFieldText() {
  const t = useTranslations("validation");
  const locale = useLocale();
  return useCallback(
    (fields: Record<string, string>, issues: Record<string, FieldIssue> = {}) =>
      Object.fromEntries(
        Object.entries(fields).map(([k, v]) => {
          if (fieldMessageKeys[v]) return [k, locale === "en" ? v : t(fieldMessageKeys[v])];
          const issue = issues[k];
          if (issue) {
            const { key, values } = issueMessage(issue);
            return [k, t(`issues.${key}`, values)];
          }
          return [k, v];
        }),
      ),
    [locale, t],
  );
}
