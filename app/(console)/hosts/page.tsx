import { getTranslations } from "next-intl/server";
import { HostsTable } from "@/components/hosts/hosts-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { env } from "@/lib/env";
import { pageTitle } from "@/lib/i18n/page-title";
import { listHosts } from "@/lib/hosts/host-stats";

export const generateMetadata = pageTitle("hosts");
export const dynamic = "force-dynamic";

export default async function HostsPage() {
  const user = await requirePageUser();
  const { db, redis } = getAppContext();
  const hosts = await listHosts(db, redis);
  const t = await getTranslations("hosts");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", { cap: env.hosts.maxInFlight })}
      />
      <HostsTable hosts={hosts} canAct={hasRole(user.role, "operator")} />
    </>
  );
}
