import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { ApiError } from "@/lib/errors";
import { pageTitle } from "@/lib/i18n/page-title";
import { getChannel, parseChannelId } from "@/lib/notify/get-channel";
import { listAlerts } from "@/lib/notify/list-alerts";
import { serializeAlert, serializeChannel } from "@/lib/notify/serialize-channel";
import { AlertsTable } from "../../alerts/_components/alerts-table";
import { ChannelForm } from "../_components/channel-form";
import { EnabledBadge, EventsText, FiltersText } from "../_components/channel-summary";
import { DeleteChannelButton } from "../_components/delete-channel-button";
import { SendTestButton } from "../_components/send-test-button";

export const generateMetadata = pageTitle("channel");

export default async function ChannelPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { db } = getAppContext();
  const row = await (async () => getChannel(db, { id: parseChannelId((await params).id) }))().catch((err: unknown) => {
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  });
  const channel = serializeChannel(row);
  const recent = await listAlerts(db, { channelId: channel.id, limit: 10 });
  const canEdit = hasRole(user.role, "operator");
  const t = await getTranslations("channels");

  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-2 text-sm text-slate-500">
        <Link href="/channels" className="rounded hover:text-slate-800">{t("title")}</Link> <span aria-hidden="true">/</span> <span data-i18n-exempt>{channel.name}</span>
      </nav>
      <PageHeader
        title={<span data-i18n-exempt>{channel.name}</span>}
        description={t("kindChannel", { kind: t(`kinds.${channel.kind}`) })}
        actions={
          canEdit && (
            <>
              <SendTestButton id={channel.id} name={channel.name} size="md" />
              <DeleteChannelButton id={channel.id} name={channel.name} after="/channels" />
            </>
          )
        }
      />
      <div className="max-w-5xl space-y-5">
        <div>
          {canEdit ? (
            <ChannelForm channel={channel} />
          ) : (
            <Card>
              <CardBody>
                <DescriptionList
                  items={[
                    { label: t("url"), value: <span className="font-mono text-xs" data-i18n-exempt>{channel.url}</span>, wide: true },
                    { label: t("eventsColumn"), value: <EventsText channel={channel} /> },
                    { label: t("filters"), value: <FiltersText channel={channel} /> },
                    { label: t("signedLabel"), value: channel.hasSecret ? t("yes") : t("no") },
                    { label: t("state"), value: <EnabledBadge enabled={channel.enabled} /> },
                  ]}
                />
              </CardBody>
            </Card>
          )}
        </div>
        <div>
          <Card>
            <CardHeader
              title={t("recent")}
              actions={
                <Link href={`/alerts?channelId=${channel.id}`} className="rounded text-sm text-indigo-700 hover:underline">
                  {t("fullLog")}
                </Link>
              }
            />
            <AlertsTable alerts={recent.items.map(serializeAlert)} compact />
          </Card>
        </div>
      </div>
    </>
  );
}
