import { getTranslations } from "next-intl/server";
import { AccessDenied } from "@/components/layout/access-denied";
import { UsersAdmin } from "@/components/users/users-admin";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";
import { listUsers } from "@/lib/users/list-users";
import { withLockState } from "@/lib/users/unlock-user";
import { createUserAction, resetPasswordAction, setDisabledAction, setRoleAction, unlockAction } from "./actions";

export const generateMetadata = pageTitle("users");

export default async function UsersPage() {
  const user = await requirePageUser();
  if (!hasRole(user.role, "admin")) return <AccessDenied needed="admin" />;
  const { db, redis } = getAppContext();
  const users = await withLockState(redis, await listUsers(db));
  const t = await getTranslations("users");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <UsersAdmin
        users={users.map((u) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString(), unlocksAt: u.unlocksAt?.toISOString() ?? null }))}
        selfId={user.id}
        actions={{ create: createUserAction, setRole: setRoleAction, setDisabled: setDisabledAction, resetPassword: resetPasswordAction, unlock: unlockAction }}
      />
    </>
  );
}
