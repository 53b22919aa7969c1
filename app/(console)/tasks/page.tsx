import { getTranslations } from "next-intl/server";
import { BulkJobPanel } from "@/components/tasks/bulk-job-panel";
import { TaskFilters } from "@/components/tasks/task-filters";
import { TasksBoard } from "@/components/tasks/tasks-board";
import { defaultLimit, pageSizes, tasksHref, type TasksView } from "@/components/tasks/tasks-url";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { hasRole } from "@/lib/auth/roles";
import { countTasks } from "@/lib/console/count-tasks";
import { toTaskRow } from "@/lib/console/task-row";
import { getAppContext } from "@/lib/context";
import { pageTitle } from "@/lib/i18n/page-title";
import { withLiveStatus } from "@/lib/tasks/live-status";
import { searchTasks } from "@/lib/tasks/search-tasks";
import { resolveTaskFilter } from "@/lib/tasks/resolve-filter";
import { parseTaskFilter } from "@/lib/tasks/task-filter";

export const generateMetadata = pageTitle("tasks");

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function TasksPage({ searchParams }: { searchParams: Promise<Params> }) {
  const user = await requirePageUser();
  const t = await getTranslations("tasks");
  const sp = await searchParams;
  const { filter, invalid } = parseTaskFilter(sp);
  const limit = Number(one(sp.limit));
  const view: TasksView = {
    filter,
    sort: one(sp.sort) === "updated" ? "updated" : "created",
    order: one(sp.order) === "asc" ? "asc" : "desc",
    limit: pageSizes.includes(limit) ? limit : defaultLimit,
  };
  const after = one(sp.after);
  const before = after ? undefined : one(sp.before);
  const bulkJob = one(sp.bulkJob);

  const { db, redis } = getAppContext();
  // Viewers see secret query values masked; their "URL contains" must not probe them either (task-filter.ts).
  const scoped = await resolveTaskFilter({ db, redis }, hasRole(user.role, "operator") ? filter : { ...filter, urlScope: "path" as const });
  const [page, count] = await Promise.all([
    searchTasks(db, { filter: scoped, sort: view.sort, order: view.order, limit: view.limit, after, before }),
    countTasks(db, scoped),
  ]);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {invalid.length > 0 && (
        <Notice tone="warning" className="mb-4">
          {t("invalidFilters", { count: invalid.length })} <span data-i18n-exempt data-testid="invalid-filters">{invalid.join(", ")}</span>
        </Notice>
      )}
      {bulkJob && <BulkJobPanel jobId={bulkJob} closeHref={tasksHref(view)} />}
      {/* Past the filters' ten fields in one Tab stop: the list is what a keyboard user came for. */}
      <a href="#task-list" className="sr-only max-md:hidden focus:not-sr-only focus:mb-2 focus:inline-block focus:rounded focus:bg-white focus:px-3 focus:py-1.5 focus:text-sm focus:shadow" data-testid="skip-to-list">
        {t("skipToList")}
      </a>
      <TaskFilters view={view} />
      <TasksBoard
        view={view}
        rows={(await withLiveStatus(redis, page.items)).map(toTaskRow)}
        nextCursor={page.nextCursor}
        prevCursor={page.prevCursor}
        scanLimited={page.scanLimited}
        firstPage={!after && !before}
        count={count}
        canAct={hasRole(user.role, "operator")}
      />
    </>
  );
}
