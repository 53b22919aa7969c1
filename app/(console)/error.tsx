"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

// A page whose data could not load (MySQL or Redis down, a bug): say so and offer a retry, keep the layout.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("pageError");
  return (
    <div className="mx-auto max-w-xl py-10" data-testid="page-error">
      <Notice tone="error" title={t("title")}>
        <p>{t("body")}</p>
        {error.digest && <p className="mt-1 font-mono text-xs opacity-70">
            {t("reference")} <span data-i18n-exempt>{error.digest}</span>
          </p>}
      </Notice>
      <Button className="mt-4" onClick={reset}>
        {t("retry")}
      </Button>
    </div>
  );
}
