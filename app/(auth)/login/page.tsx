import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/page-title";
import { LoginForm } from "./login-form";

export const generateMetadata = pageTitle("login");

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const t = await getTranslations("login");
  return (
    <>
      <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
      <p className="mt-1 mb-5 text-sm text-slate-500">{t("subtitle")}</p>
      <LoginForm callbackUrl={callbackUrl ?? ""} />
    </>
  );
}
