import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Button, LinkButton } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form-controls";
import { formatMs, shortId } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";
import { LocalTimeField } from "@/components/ui/local-time-field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { UrlText } from "@/components/ui/url-text";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { attemptLogQuerySchema, listAttempts, type AttemptLogQuery } from "@/lib/console/list-attempts";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";

export const generateMetadata = pageTitle("attempts");

function href(q: Partial<AttemptLogQuery>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "" && !(k === "limit" && v === 50)) p.set(k, String(v));
  const s = p.toString();
  return s ? `/attempts?${s}` : "/attempts";
}

/** Every attempt of every task, newest first (kkbida's 调用记录), with the answer's text in the row. */
export default async function AttemptsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePageUser();
  const [t, common, validation, locale] = await Promise.all([getTranslations("attemptLog"), getTranslations("common"), getTranslations("validation.issues"), getLocale()]);
  const sp = await searchParams;
  const parsed = attemptLogQuerySchema.safeParse(sp);
  const query: AttemptLogQuery = parsed.success ? parsed.data : { limit: 50 };
  const page = await listAttempts(getAppContext().db, query, { revealUrls: hasRole(user.role, "operator") });
  const { cursor: _cursor, ...filter } = query;
  const label = "mb-1 block text-xs font-medium text-slate-600";
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {!parsed.success && <p className="mb-3 text-sm text-amber-800" role="status">{t("invalid")}</p>}
      <form role="search" aria-label={t("filter")} className="mb-4 grid grid-cols-1 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-6">
        <div className="lg:col-span-2">
          <label htmlFor="at-task" className={label}>{t("task")}</label>
          <Input id="at-task" name="taskId" defaultValue={sp.taskId ?? ""} placeholder="0192…" className="font-mono" />
        </div>
        <div>
          <label htmlFor="at-host" className={label}>{t("host")}</label>
          <Input id="at-host" name="host" defaultValue={sp.host ?? ""} placeholder="api.example.com" className="font-mono" />
        </div>
        <div>
          <label htmlFor="at-result" className={label}>{t("result")}</label>
          <Select id="at-result" name="result" defaultValue={sp.result ?? ""}>
            <option value="">{t("any")}</option>
            <option value="ok">{t("ok")}</option>
            <option value="failed">{t("failed")}</option>
          </Select>
        </div>
        <div>
          <label htmlFor="at-from" className={label}>{t("from")}</label>
          <LocalTimeField id="at-from" name="from" initial={sp.from} pickLabel={common("pickDateTime")} invalidText={validation("invalidDateTime")} />
        </div>
        <div className="flex items-end justify-end gap-2">
          <LinkButton href="/attempts" variant="ghost">{t("clear")}</LinkButton>
          <Button type="submit" variant="primary">{t("apply")}</Button>
        </div>
      </form>
      <div className="min-w-0 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="attempts-card">
        {page.items.length === 0 ? (
          <p className="px-4 py-8 text-center text-sm text-slate-500">{t("empty")}</p>
        ) : (
          <Table data-testid="attempts-table" className="w-full table-fixed">
            <colgroup>
              {/* "12-03 00:13:51 GMT+5:30": seconds kept, a call log is read by the second. */}
              <col className="w-44" />
              <col className="w-28" />
              <col />
              <col className="w-28" />
              <col className="w-20" />
              <col className="w-[30%]" />
            </colgroup>
            <thead>
              <tr>
                <Th>{t("at")}</Th>
                <Th>{t("task")}</Th>
                <Th>{t("url")}</Th>
                <Th>{t("outcome")}</Th>
                <Th className="text-right">{t("duration")}</Th>
                <Th>{t("response")}</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((a) => (
                <tr key={a.id} className="border-t border-slate-100 align-top" data-testid="attempt-row" data-ok={a.ok ? "1" : "0"}>
                  <Td><LocalTime iso={a.startedAt.toISOString()} compact className="text-xs whitespace-nowrap" /></Td>
                  <Td>
                    <Link href={`/tasks/${a.taskId}`} className="font-mono text-xs text-indigo-700 hover:underline" title={a.taskId} data-i18n-exempt>
                      {shortId(a.taskId)}
                    </Link>
                    <span className="ml-1 text-xs text-slate-400" data-i18n-exempt>#{a.n}</span>
                  </Td>
                  <Td className="min-w-0"><UrlText url={a.url} /></Td>
                  <Td>
                    <span className={a.ok ? "text-xs font-medium text-emerald-700" : "text-xs font-medium text-rose-700"}>
                      {a.statusCode !== null ? <span data-i18n-exempt>HTTP {a.statusCode}</span> : t("noAnswer")}
                    </span>
                    {a.error && <span className="block truncate text-xs text-slate-500" title={a.error} data-i18n-exempt>{a.error}</span>}
                  </Td>
                  <Td className="text-right text-xs whitespace-nowrap tabular-nums">{formatMs(a.durationMs, locale)}</Td>
                  <Td className="min-w-0">
                    {a.excerpt ? (
                      <details>
                        <summary className="cursor-pointer truncate font-mono text-xs text-slate-600" data-i18n-exempt>{a.excerpt.slice(0, 120)}</summary>
                        <pre className="mt-1 max-h-60 overflow-auto rounded bg-slate-50 p-2 text-xs break-all whitespace-pre-wrap" data-i18n-exempt>{a.excerpt}</pre>
                      </details>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <nav aria-label={t("pages")} className="flex items-center gap-2 border-t border-slate-100 px-4 py-2.5 text-sm">
          {query.cursor && <LinkButton href={href(filter)} size="sm" variant="ghost">{t("newest")}</LinkButton>}
          {page.nextCursor && <LinkButton href={href({ ...filter, cursor: page.nextCursor })} size="sm" data-testid="attempts-older">{page.scanLimited ? t("searchFurther") : t("older")} →</LinkButton>}
        </nav>
      </div>
    </>
  );
}
