import { getTranslations } from "next-intl/server";
import { AccessDenied } from "@/components/layout/access-denied";
import { UsersAdmin } from "@/components/users/users-admin";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";
import { listUsers } from "@/lib/users/list-users";
import { createUserAction, resetPasswordAction, setDisabledAction, setRoleAction } from "./actions";

export const generateMetadata = pageTitle("users");

export default async function UsersPage() {
  const user = await requirePageUser();
  if (!hasRole(user.role, "admin")) return <AccessDenied needed="admin" />;
  const users = await listUsers(getAppContext().db);
  const t = await getTranslations("users");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <UsersAdmin
        users={users.map((u) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString() }))}
        selfId={user.id}
        actions={{ create: createUserAction, setRole: setRoleAction, setDisabled: setDisabledAction, resetPassword: resetPasswordAction }}
      />
    </>
  );
}
