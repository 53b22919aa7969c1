import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { roleLabels } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { changePassword } from "../../(auth)/change-password/actions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  return (
    <>
      <PageHeader title="Account" description="Your console account." />
      <div className="grid max-w-4xl gap-5 md:grid-cols-2">
        <Card>
          <CardHeader title="You" />
          <CardBody>
            <DescriptionList
              columns={1}
              items={[
                { label: "Username", value: user.username },
                { label: "Role", value: roleLabels[user.role] },
                { label: "Session", value: `Ends ${Math.round(env.auth.sessionMaxAgeS / 3600)} hours after signing in.` },
              ]}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Change password" />
          <CardBody>
            <ChangePasswordForm action={changePassword} then="stay" />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
