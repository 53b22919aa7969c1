import type { Metadata } from "next";
import { RetentionRuns, RetentionSettingsCard } from "@/components/retention/retention-panels";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { getRetentionView } from "@/lib/console/retention-view";
import { getAppContext } from "@/lib/context";

export const metadata: Metadata = { title: "Data retention" };
export const dynamic = "force-dynamic";

// Every role reads it: what is deleted and when says nothing secret, and a viewer asking "where did task X go?"
// needs the answer as much as an admin.
export default async function RetentionPage() {
  await requirePageUser();
  const view = await getRetentionView(getAppContext().db);
  return (
    <>
      <PageHeader
        title="Data retention"
        description="What Bida deletes, and when. One worker at a time deletes in small batches, with a pause between them; settings come from the environment (docs/operations/retention.md)."
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <RetentionSettingsCard settings={view.settings} className="lg:col-span-1" />
        <RetentionRuns runs={view.runs} className="lg:col-span-2" />
      </div>
    </>
  );
}
