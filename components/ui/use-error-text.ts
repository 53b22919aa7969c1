"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { errorStatus } from "@/lib/errors";

/**
 * The console's own words for an API error. API messages stay English (a contract), and in English they are
 * the most precise text there is; in other languages the error code's catalogue entry ("errors.<code>") is shown.
 */
export function useErrorText() {
  const t = useTranslations("errors");
  const locale = useLocale();
  return useCallback(
    (err: { code?: string | null; message?: string | null; status?: number }) => {
      if (locale === "en" && err.message) return err.message;
      if (err.code && err.code in errorStatus) return t(err.code as keyof typeof errorStatus);
      if (err.status === 0) return t("offline");
      return t("unknown");
    },
    [locale, t],
  );
}
