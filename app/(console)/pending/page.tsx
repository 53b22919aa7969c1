import type { Metadata } from "next";
import { PendingBoard } from "@/components/tasks/pending-board";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listPending } from "@/lib/console/list-pending";
import { toTaskRow } from "@/lib/console/task-row";
import { getAppContext } from "@/lib/context";
import { withLiveStatus } from "@/lib/tasks/live-status";

export const metadata: Metadata = { title: "Pending retries" };

export default async function PendingPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const user = await requirePageUser();
  const { after } = await searchParams;
  const { db, redis } = getAppContext();
  const page = await listPending(db, { after, limit: 50 });
  const rows = (await withLiveStatus(redis, page.items)).map(toTaskRow);
  return (
    <>
      <PageHeader title="Pending retries" description="Tasks waiting for their next attempt, soonest first. Run one now instead of waiting." />
      <PendingBoard rows={rows} nextCursor={page.nextCursor} firstPage={!after} canAct={hasRole(user.role, "operator")} />
    </>
  );
}
