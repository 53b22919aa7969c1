import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { getSessionUser } from "@/lib/auth/session-user";
import { changePassword } from "./actions";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ChangePasswordPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (!user.mustChangePassword) redirect("/account");
  return (
    <>
      <h1 className="text-lg font-semibold text-slate-900">Choose a new password</h1>
      <p className="mt-1 mb-5 text-sm text-slate-500">
        Signed in as <strong className="font-medium text-slate-700">{user.username}</strong>. Your password was set by someone
        else (or is the default), so choose your own before going on.
      </p>
      <ChangePasswordForm action={changePassword} then="overview" />
      <div className="mt-4 border-t border-slate-100 pt-3 text-center">
        <SignOutButton variant="ghost" />
      </div>
    </>
  );
}
