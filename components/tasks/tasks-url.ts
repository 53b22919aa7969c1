import type { TaskFilter } from "@/lib/tasks/task-filter";

export interface TasksView {
  filter: TaskFilter;
  sort: "created" | "updated";
  order: "desc" | "asc";
  limit: number;
}

export const defaultLimit = 50;
export const pageSizes = [25, 50, 100, 200];

/** The tasks page URL for a view: everything that defines it lives in the query string, so it can be shared. */
export function tasksHref(view: TasksView, extra: { after?: string | null; before?: string | null; bulkJob?: string | null } = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(view.filter)) if (v !== undefined && v !== "") p.set(k, String(v));
  if (view.sort !== "created") p.set("sort", view.sort);
  if (view.order !== "desc") p.set("order", view.order);
  if (view.limit !== defaultLimit) p.set("limit", String(view.limit));
  if (extra.after) p.set("after", extra.after);
  if (extra.before) p.set("before", extra.before);
  if (extra.bulkJob) p.set("bulkJob", extra.bulkJob);
  const qs = p.toString();
  return qs ? `/tasks?${qs}` : "/tasks";
}
