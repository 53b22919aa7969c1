import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";
import { alertStatuses } from "@/lib/db/schema/alerts";
import { listAlerts, listAlertsQuerySchema } from "@/lib/notify/list-alerts";
import { listChannels } from "@/lib/notify/list-channels";
import { serializeAlert } from "@/lib/notify/serialize-channel";
import { AlertsTable } from "./_components/alerts-table";

export const generateMetadata = pageTitle("alerts");

type Params = Record<string, string | string[] | undefined>;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePageUser();
  const raw = Object.fromEntries(Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" && v !== "" ? [[k, v]] : [])));
  const parsed = listAlertsQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : listAlertsQuerySchema.parse({});
  const { db } = getAppContext();
  const [page, channels] = await Promise.all([listAlerts(db, query), listChannels(db)]);
  const t = await getTranslations("alerts");
  const older = page.nextCursor ? `/alerts?${new URLSearchParams({ ...raw, cursor: String(page.nextCursor) })}` : null;

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {!parsed.success && (
        <Notice tone="warning" className="mb-4">
          {t("invalid")}
        </Notice>
      )}
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("filterLabel")}>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("channel")}</span>
          <Select name="channelId" defaultValue={query.channelId ? String(query.channelId) : ""} className="w-52">
            <option value="">{t("allChannels")}</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("status")}</span>
          <Select name="status" defaultValue={query.status ?? ""} className="w-36">
            <option value="">{t("any")}</option>
            {alertStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("taskId")}</span>
          <Input name="taskId" defaultValue={query.taskId ?? ""} className="w-80 font-mono" placeholder="0190…" />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          {t("filter")}
        </button>
        {Object.keys(raw).length > 0 && (
          <Link href="/alerts" className={buttonClass("ghost")}>
            {t("clear")}
          </Link>
        )}
      </form>
      <Card>
        <AlertsTable alerts={page.items.map(serializeAlert)} />
      </Card>
      <div className="mt-3 flex justify-end gap-2">
        {query.cursor && (
          <Link href={`/alerts?${new URLSearchParams(Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "cursor")))}`} className={buttonClass("ghost", "sm")}>
            {t("newest")}
          </Link>
        )}
        {older && (
          <Link href={older} className={buttonClass("secondary", "sm")} data-testid="older-alerts">
            {t("older")} →
          </Link>
        )}
      </div>
    </>
  );
}
