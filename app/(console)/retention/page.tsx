import { getTranslations } from "next-intl/server";
import { RetentionRuns, RetentionSettingsCard } from "@/components/retention/retention-panels";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { getRetentionView } from "@/lib/console/retention-view";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";

export const generateMetadata = pageTitle("retention");
export const dynamic = "force-dynamic";

// Every role reads it: what is deleted and when says nothing secret, and a viewer asking "where did task X go?"
// needs the answer as much as an admin.
export default async function RetentionPage() {
  await requirePageUser();
  const view = await getRetentionView(getAppContext().db);
  const t = await getTranslations("retention");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t.rich("description", { doc: () => <span data-i18n-exempt>docs/operations/retention.md</span> })}
      />
      {/* Side by side only where the runs' eight columns still fit beside the settings. */}
      <div className="grid grid-cols-1 gap-4 2xl:grid-cols-3">
        <RetentionSettingsCard settings={view.settings} className="2xl:col-span-1" />
        <RetentionRuns runs={view.runs} className="2xl:col-span-2" />
      </div>
    </>
  );
}
