import Link from "next/link";
import { getTranslations } from "next-intl/server";
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
import { pageTitle } from "@/lib/i18n/page-title";
import { listChannels } from "@/lib/notify/list-channels";
import { serializeChannel } from "@/lib/notify/serialize-channel";
import { EnabledBadge, EventsText, FiltersText } from "./_components/channel-summary";
import { DeleteChannelButton } from "./_components/delete-channel-button";
import { SendTestButton } from "./_components/send-test-button";

export const generateMetadata = pageTitle("channels");

export default async function ChannelsPage() {
  const user = await requirePageUser();
  const canEdit = hasRole(user.role, "operator");
  const channels = (await listChannels(getAppContext().db)).map(serializeChannel);
  const window = Math.round(env.alerts.windowMs / 1000);
  const t = await getTranslations("channels");

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", { seconds: window })}
        actions={
          canEdit && (
            <LinkButton href="/channels/new" variant="primary" data-testid="add-channel">
              {t("add")}
            </LinkButton>
          )
        }
      />
      <Card>
        {channels.length === 0 ? (
          <EmptyState
            title={t("empty")}
            action={canEdit && <LinkButton href="/channels/new">{t("addFirst")}</LinkButton>}
          >
            {t("emptyBody")}
          </EmptyState>
        ) : (
          <Table data-testid="channels-table">
            <thead>
              <tr>
                <Th>{t("name")}</Th>
                <Th>{t("kind")}</Th>
                <Th>{t("url")}</Th>
                <Th>{t("eventsColumn")}</Th>
                <Th>{t("filters")}</Th>
                <Th>{t("state")}</Th>
                {canEdit && <Th className="text-right">{t("actions")}</Th>}
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <Tr key={c.id} data-testid="channel-row" data-channel={c.name}>
                  <Td>
                    <Link href={`/channels/${c.id}`} className="rounded font-medium text-indigo-700 hover:underline" data-i18n-exempt>
                      {c.name}
                    </Link>
                  </Td>
                  <Td>
                    <Badge tone="indigo">{t(`kinds.${c.kind}`)}</Badge>
                    {c.hasSecret && <span className="ml-1 text-xs text-slate-500">{t("signed")}</span>}
                  </Td>
                  <Td>
                    <span className="block max-w-xs truncate font-mono text-xs" title={c.url} data-i18n-exempt>{c.url}</span>
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
                          {t("edit")}
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
