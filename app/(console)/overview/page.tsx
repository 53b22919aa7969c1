import { getTimeZone, getTranslations } from "next-intl/server";
import { OverviewLive } from "@/components/overview/overview-live";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { getOverview } from "@/lib/console/overview";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";

export const generateMetadata = pageTitle("overview");

export default async function OverviewPage() {
  await requirePageUser();
  const overview = await getOverview(getAppContext(), await getTimeZone());
  const t = await getTranslations("overview");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <OverviewLive initial={overview} />
    </>
  );
}
