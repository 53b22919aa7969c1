import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { env } from "@/lib/env";
import { pageTitle } from "@/lib/i18n/page-title";
import { changePassword } from "../../(auth)/change-password/actions";

export const generateMetadata = pageTitle("account");

export default async function AccountPage() {
  const user = await requirePageUser();
  const t = await getTranslations("account");
  const roles = await getTranslations("layout.roles");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid max-w-4xl gap-5 md:grid-cols-2">
        <Card>
          <CardHeader title={t("you")} />
          <CardBody>
            <DescriptionList
              columns={1}
              items={[
                { label: t("username"), value: <span data-i18n-exempt>{user.username}</span> },
                { label: t("role"), value: roles(user.role) },
                {
                  label: t("session"),
                  value: (
                    <span data-testid="session-ends">
                      {user.sessionEndsAt && <><LocalTime iso={user.sessionEndsAt} seconds={false} /> · </>}
                      {t("sessionEnds", { hours: Math.round(env.auth.sessionMaxAgeS / 3600) })}
                    </span>
                  ),
                },
              ]}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("changePassword")} />
          <CardBody>
            <ChangePasswordForm action={changePassword} then="stay" />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
