import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AccessDenied } from "@/components/layout/access-denied";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { pageTitle } from "@/lib/i18n/page-title";
import { ChannelForm } from "../_components/channel-form";

export const generateMetadata = pageTitle("newChannel");

export default async function NewChannelPage() {
  const user = await requirePageUser();
  if (!hasRole(user.role, "operator")) return <AccessDenied needed="operator" />;
  const t = await getTranslations("channels");
  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-2 text-sm text-slate-500">
        <Link href="/channels" className="rounded hover:text-slate-800">{t("title")}</Link> <span aria-hidden="true">/</span> {t("new")}
      </nav>
      <PageHeader title={t("newTitle")} description={t("newDescription")} />
      <div className="max-w-4xl">
        <ChannelForm />
      </div>
    </>
  );
}
