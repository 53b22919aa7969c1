import type { Metadata } from "next";
import { AccessDenied } from "@/components/layout/access-denied";
import { UsersAdmin } from "@/components/users/users-admin";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { listUsers } from "@/lib/users/list-users";
import { createUserAction, resetPasswordAction, setDisabledAction, setRoleAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requirePageUser();
  if (!hasRole(user.role, "admin")) return <AccessDenied needed="admin" />;
  const users = await listUsers(getAppContext().db);
  return (
    <>
      <PageHeader title="Users" description="Console accounts. Admins manage users and API clients; operators act on tasks and alert channels; viewers read." />
      <UsersAdmin
        users={users.map((u) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString() }))}
        selfId={user.id}
        actions={{ create: createUserAction, setRole: setRoleAction, setDisabled: setDisabledAction, resetPassword: resetPasswordAction }}
      />
    </>
  );
}
