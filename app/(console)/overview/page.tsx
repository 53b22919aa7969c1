import type { Metadata } from "next";
import { OverviewLive } from "@/components/overview/overview-live";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { getOverview } from "@/lib/console/overview";
import { getAppContext } from "@/lib/context";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requirePageUser();
  const overview = await getOverview(getAppContext());
  return (
    <>
      <PageHeader title="Overview" description="What Bida is doing right now, and how deliveries went lately." />
      <OverviewLive initial={overview} />
    </>
  );
}
