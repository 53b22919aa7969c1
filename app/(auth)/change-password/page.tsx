import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { getSessionUser } from "@/lib/auth/session-user";
import { pageTitle } from "@/lib/i18n/page-title";
import { changePassword } from "./actions";

export const generateMetadata = pageTitle("changePassword");

export default async function ChangePasswordPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (!user.mustChangePassword) redirect("/account");
  const t = await getTranslations("password");
  return (
    <>
      <h1 className="text-lg font-semibold text-slate-900">{t("chooseTitle")}</h1>
      <p className="mt-1 mb-5 text-sm text-slate-500">
        {t.rich("chooseIntro", {
          user: () => (
            <strong className="font-medium text-slate-700" data-i18n-exempt>
              {user.username}
            </strong>
          ),
        })}
      </p>
      <ChangePasswordForm action={changePassword} then="overview" />
      <div className="mt-4 border-t border-slate-100 pt-3 text-center">
        <SignOutButton variant="ghost" />
      </div>
    </>
  );
}
