"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { cn } from "@/components/ui/cn";
import { setLocaleAction } from "@/lib/i18n/locale-action";
import { locales } from "@/lib/i18n/locales";

// Each language is named in itself, so a reader who cannot read the current one still finds theirs.
const ownNames: Record<(typeof locales)[number], string> = { en: "English", "zh-CN": "中文" };

/** The sidebar's (and the login page's) language switch; the choice is saved with the user and in a cookie. */
export function LanguageSwitch({ className }: { className?: string }) {
  const t = useTranslations("language");
  const current = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div role="group" aria-label={t("label")} className={cn("inline-flex rounded-md ring-1 ring-slate-200", className)} data-testid="language-switch">
      {locales.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          translate="no"
          data-i18n-exempt
          aria-pressed={current === l}
          disabled={pending}
          data-testid={`language-${l}`}
          onClick={() => start(async () => {
            await setLocaleAction(l);
            router.refresh();
          })}
          className={cn(
            "px-2 py-0.5 text-xs first:rounded-l-md last:rounded-r-md",
            current === l ? "bg-indigo-50 font-semibold text-indigo-700" : "text-slate-500 hover:bg-slate-100 hover:text-slate-800",
          )}
        >
          {ownNames[l]}
        </button>
      ))}
    </div>
  );
}
