import { getTranslations } from "next-intl/server";
import { BrandMark } from "@/components/layout/brand-mark";
import { LanguageSwitch } from "@/components/layout/language-switch";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("layout");
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-10">
      <div className="mb-6 flex items-center gap-2">
        <BrandMark className="size-9" />
        <span className="text-xl font-semibold tracking-tight text-slate-900" translate="no" data-i18n-exempt>
          Bida
        </span>
      </div>
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">{children}</div>
      <p className="mt-6 text-xs text-slate-500">{t("tagline")}</p>
      <LanguageSwitch className="mt-3" />
    </main>
  );
}
