import type { Metadata } from "next";
import { HostsTable } from "@/components/hosts/hosts-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { env } from "@/lib/env";
import { listHosts } from "@/lib/hosts/host-stats";

export const metadata: Metadata = { title: "Target hosts" };
export const dynamic = "force-dynamic";

export default async function HostsPage() {
  const user = await requirePageUser();
  const { db, redis } = getAppContext();
  const hosts = await listHosts(db, redis);
  return (
    <>
      <PageHeader
        title="Target hosts"
        description={`Every host Bida called in the last day. At most ${env.hosts.maxInFlight} calls in flight per host unless it has its own cap; a host that keeps failing has its circuit opened, and its tasks wait without spending attempts.`}
      />
      <HostsTable hosts={hosts} canAct={hasRole(user.role, "operator")} />
    </>
  );
}
