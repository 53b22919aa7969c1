import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { ApiError } from "@/lib/errors";
import { getChannel, parseChannelId } from "@/lib/notify/get-channel";
import { listAlerts } from "@/lib/notify/list-alerts";
import { serializeAlert, serializeChannel } from "@/lib/notify/serialize-channel";
import { AlertsTable } from "../../alerts/_components/alerts-table";
import { ChannelForm } from "../_components/channel-form";
import { EnabledBadge, EventsText, FiltersText } from "../_components/channel-summary";
import { DeleteChannelButton } from "../_components/delete-channel-button";
import { kindLabels } from "../_components/kind-labels";
import { SendTestButton } from "../_components/send-test-button";

export const metadata: Metadata = { title: "Alert channel" };

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

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/channels" className="rounded hover:text-slate-800">Alert channels</Link> <span aria-hidden="true">/</span> {channel.name}
      </nav>
      <PageHeader
        title={channel.name}
        description={`${kindLabels[channel.kind]} channel`}
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
                    { label: "URL", value: <span className="font-mono text-xs">{channel.url}</span>, wide: true },
                    { label: "Events", value: <EventsText channel={channel} /> },
                    { label: "Filters", value: <FiltersText channel={channel} /> },
                    { label: "Signed", value: channel.hasSecret ? "yes" : "no" },
                    { label: "State", value: <EnabledBadge enabled={channel.enabled} /> },
                  ]}
                />
              </CardBody>
            </Card>
          )}
        </div>
        <div>
          <Card>
            <CardHeader
              title="Recent alerts"
              actions={
                <Link href={`/alerts?channelId=${channel.id}`} className="rounded text-sm text-indigo-700 hover:underline">
                  Full log
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
