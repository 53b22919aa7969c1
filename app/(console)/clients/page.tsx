import { getTranslations } from "next-intl/server";
import { ClientsAdmin } from "@/components/clients/clients-admin";
import { AccessDenied } from "@/components/layout/access-denied";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { listApiClients } from "@/lib/console/api-clients";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";
import { listClientNetworks } from "@/lib/clients/set-client-network";
import { revokePreviousClientKeyAction, rotateClientKeyAction, setClientCallersAction } from "./access-actions";
import { toClientAccess } from "./client-access";
import { setClientNetworkAction } from "./network-actions";
import { SigningAdmin } from "@/components/clients/signing-admin";
import { rotateSigningAction, setSigningAction } from "./signing-actions";
import { resolveQuotas } from "@/lib/quotas/client-quotas";
import { createClientAction, setClientDisabledAction, setClientQuotasAction } from "./actions";

export const generateMetadata = pageTitle("clients");

export default async function ClientsPage() {
  const user = await requirePageUser();
  if (!hasRole(user.role, "admin")) return <AccessDenied needed="admin" />;
  const clients = await listApiClients(getAppContext().db);
  const networks = await listClientNetworks(getAppContext().db);
  const t = await getTranslations("clients");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ClientsAdmin
        clients={clients.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), access: toClientAccess(c) }))}
        actions={{
          create: createClientAction,
          setDisabled: setClientDisabledAction,
          access: { setCallers: setClientCallersAction, rotateKey: rotateClientKeyAction, revokePreviousKey: revokePreviousClientKeyAction },
          setNetwork: setClientNetworkAction,
          setQuotas: setClientQuotasAction,
        }}
        networks={networks}
        quotaDefaults={resolveQuotas(null)}
      />
      <SigningAdmin
        clients={clients.map((c) => ({ id: c.id, name: c.name, signCallbacks: c.signCallbacks, previousSigningUntil: c.previousSigningSecretExpiresAt && c.previousSigningSecretExpiresAt > new Date() ? c.previousSigningSecretExpiresAt.toISOString() : null }))}
        actions={{ rotate: rotateSigningAction, set: setSigningAction }}
      />
    </>
  );
}
