import type { TaskRow } from "@/lib/console/task-row";
import { isFinal } from "@/lib/tasks/lifecycle/statuses";

// A call in flight first (it is happening now), then waiting tasks soonest first, then tasks that ended meanwhile.
const rank = (r: TaskRow) => (r.status === "running" ? 0 : isFinal(r.status) ? 2 : 1);

/**
 * The pending board's order once live events have moved its tasks: the server's order (next attempt, then id),
 * applied again, so a task whose attempt failed and was rescheduled moves down to its new place and one run now
 * moves up, instead of every row keeping the place it had when the page loaded.
 */
export function pendingOrder(rows: TaskRow[]): TaskRow[] {
  const at = (r: TaskRow) => (r.nextAttemptAt === null ? Number.POSITIVE_INFINITY : Date.parse(r.nextAttemptAt));
  return [...rows].sort((a, b) => rank(a) - rank(b) || at(a) - at(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
