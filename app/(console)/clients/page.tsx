import type { Metadata } from "next";
import { ClientsAdmin } from "@/components/clients/clients-admin";
import { AccessDenied } from "@/components/layout/access-denied";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listApiClients } from "@/lib/console/api-clients";
import { getAppContext } from "@/lib/context";
import { resolveQuotas } from "@/lib/quotas/client-quotas";
import { createClientAction, setClientDisabledAction, setClientQuotasAction } from "./actions";

export const metadata: Metadata = { title: "API clients" };

export default async function ClientsPage() {
  const user = await requirePageUser();
  if (!hasRole(user.role, "admin")) return <AccessDenied needed="admin" />;
  const clients = await listApiClients(getAppContext().db);
  return (
    <>
      <PageHeader title="API clients" description="Systems that submit tasks: the native API key, or username/password for the kkbida protocol." />
      <ClientsAdmin
        clients={clients.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }))}
        actions={{ create: createClientAction, setDisabled: setClientDisabledAction, setQuotas: setClientQuotasAction }}
        quotaDefaults={resolveQuotas(null)}
      />
    </>
  );
}
