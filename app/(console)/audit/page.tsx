import { getTranslations } from "next-intl/server";
import { AuditTable } from "@/components/audit/audit-table";
import { Button, LinkButton } from "@/components/ui/button";
import { Checkbox, Input, Select } from "@/components/ui/form-controls";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { auditFilterSchema, listAudit, type AuditFilter } from "@/lib/console/list-audit";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";

export const generateMetadata = pageTitle("audit");

const actions = [
  "task.retry", "task.run_now", "task.cancel", "task.resolve", "task.",
  "bulk.", "user.", "client.", "channel.",
];

function href(filter: AuditFilter, before?: number | null) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) p.set(k, v);
  if (before) p.set("before", String(before));
  const qs = p.toString();
  return qs ? `/audit?${qs}` : "/audit";
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePageUser();
  const sp = await searchParams;
  const parsed = auditFilterSchema.safeParse(sp);
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const before = Number(sp.before) > 0 ? Number(sp.before) : undefined;
  const t = await getTranslations("audit");
  const page = await listAudit(getAppContext().db, { filter, before, limit: 50 });
  const label = "mb-1 block text-xs font-medium text-slate-600";
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <form role="search" aria-label={t("filterLabel")} className="mb-4 grid grid-cols-1 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-4">
        <div>
          <label htmlFor="a-actor" className={label}>{t("who")}</label>
          <Input id="a-actor" name="actor" defaultValue={filter.actor ?? ""} placeholder={t("whoPlaceholder")} />
        </div>
        <div>
          <label htmlFor="a-action" className={label}>{t("action")}</label>
          <Select id="a-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("any")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a.endsWith(".") ? t(`groups.${a.slice(0, -1)}`) : t(`actions.${a.replace(".", "_")}`)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="a-object" className={label}>{t("object")}</label>
          <Input id="a-object" name="object" defaultValue={filter.object ?? ""} placeholder={t("objectPlaceholder")} className="font-mono" />
        </div>
        <div className="flex flex-wrap items-end justify-end gap-x-3 gap-y-2">
          {/* One bulk action over 500 tasks writes 500 task entries: folded, the job's own two entries stand for them. */}
          <label className="mr-auto flex items-center gap-2 pb-2 text-sm text-slate-700">
            <Checkbox name="group" value="jobs" defaultChecked={filter.group === "jobs"} data-testid="audit-fold-jobs" />
            {t("foldJobs")}
          </label>
          <LinkButton href="/audit" variant="ghost">{t("clear")}</LinkButton>
          <Button type="submit" variant="primary">{t("apply")}</Button>
        </div>
      </form>
      <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <AuditTable items={page.items} />
        <nav aria-label={t("pages")} className="flex items-center gap-2 border-t border-slate-100 px-4 py-2.5 text-sm">
          {before && <LinkButton href={href(filter)} size="sm" variant="ghost">{t("newest")}</LinkButton>}
          {page.nextBefore && <LinkButton href={href(filter, page.nextBefore)} size="sm">{page.scanLimited ? t("searchFurther") : t("older")} →</LinkButton>}
          {page.scanLimited && <span className="text-xs text-slate-500">{t("scanLimited", { n: (20_000).toLocaleString() })}</span>}
        </nav>
      </div>
    </>
  );
}
