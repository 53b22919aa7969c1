import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/context";
import { env } from "@/lib/env";
import { listChannels } from "@/lib/notify/list-channels";
import { serializeChannel } from "@/lib/notify/serialize-channel";
import { EnabledBadge, EventsText, FiltersText } from "./_components/channel-summary";
import { DeleteChannelButton } from "./_components/delete-channel-button";
import { kindLabels } from "./_components/kind-labels";
import { SendTestButton } from "./_components/send-test-button";

export const metadata: Metadata = { title: "Alert channels" };

export default async function ChannelsPage() {
  const user = await requirePageUser();
  const canEdit = hasRole(user.role, "operator");
  const channels = (await listChannels(getAppContext().db)).map(serializeChannel);
  const window = Math.round(env.alerts.windowMs / 1000);

  return (
    <>
      <PageHeader
        title="Alert channels"
        description={`Chat groups and webhooks told when a callback fails. At most one message per channel every ${window} s; the rest are folded into one summary.`}
        actions={
          canEdit && (
            <LinkButton href="/channels/new" variant="primary" data-testid="add-channel">
              Add channel
            </LinkButton>
          )
        }
      />
      <Card>
        {channels.length === 0 ? (
          <EmptyState
            title="No alert channels yet"
            action={canEdit && <LinkButton href="/channels/new">Add the first channel</LinkButton>}
          >
            Add a DingTalk, WeCom, Feishu or Slack robot, or any webhook, to hear about failed callbacks within seconds.
          </EmptyState>
        ) : (
          <Table data-testid="channels-table">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Kind</Th>
                <Th>URL</Th>
                <Th>Events</Th>
                <Th>Filters</Th>
                <Th>State</Th>
                {canEdit && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <Tr key={c.id} data-testid="channel-row" data-channel={c.name}>
                  <Td>
                    <Link href={`/channels/${c.id}`} className="rounded font-medium text-indigo-700 hover:underline">
                      {c.name}
                    </Link>
                  </Td>
                  <Td>
                    <Badge tone="indigo">{kindLabels[c.kind]}</Badge>
                    {c.hasSecret && <span className="ml-1 text-xs text-slate-500">signed</span>}
                  </Td>
                  <Td className="max-w-xs truncate font-mono text-xs" title={c.url}>
                    {c.url}
                  </Td>
                  <Td>
                    <EventsText channel={c} />
                  </Td>
                  <Td>
                    <FiltersText channel={c} />
                  </Td>
                  <Td>
                    <EnabledBadge enabled={c.enabled} />
                  </Td>
                  {canEdit && (
                    <Td>
                      <div className="flex justify-end gap-1">
                        <SendTestButton id={c.id} name={c.name} />
                        <LinkButton href={`/channels/${c.id}`} size="sm" variant="ghost">
                          Edit
                        </LinkButton>
                        <DeleteChannelButton id={c.id} name={c.name} />
                      </div>
                    </Td>
                  )}
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
