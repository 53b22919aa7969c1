import { getTranslations } from "next-intl/server";
import { PendingBoard } from "@/components/tasks/pending-board";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listPending } from "@/lib/console/list-pending";
import { toTaskRow } from "@/lib/console/task-row";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";
import { withLiveStatus } from "@/lib/tasks/live-status";

export const generateMetadata = pageTitle("pending");

export default async function PendingPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const user = await requirePageUser();
  const { after } = await searchParams;
  const { db, redis } = getAppContext();
  const page = await listPending(db, { after, limit: 50 });
  const t = await getTranslations("pending");
  const rows = (await withLiveStatus(redis, page.items)).map(toTaskRow);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <PendingBoard rows={rows} nextCursor={page.nextCursor} firstPage={!after} canAct={hasRole(user.role, "operator")} />
    </>
  );
}
