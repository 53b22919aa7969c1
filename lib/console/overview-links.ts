// Where each overview counter leads: a task filter that lists exactly the tasks it counts. No server imports: the
// overview's browser part builds the links, since "today" is the viewer's day.

export type CounterKey = "queued" | "running" | "retrying" | "failed" | "succeededToday";

/** The board's queued and retrying leave out the running ones, as the counters do (lib/tasks/task-filter.ts). */
export function counterFilter(key: CounterKey, startOfToday: Date): Record<string, string> {
  switch (key) {
    case "succeededToday":
      // Each succeeded task has one successful attempt: today's successful attempts are the tasks finished today.
      return { status: "succeeded", finishedFrom: startOfToday.toISOString() };
    default:
      return { status: key };
  }
}

export function tasksHrefFor(filter: Record<string, string>): string {
  return `/tasks?${new URLSearchParams(filter).toString()}`;
}

/** Midnight of the viewer's day (the browser's zone), the start of "today". */
export function localMidnight(now: number): Date {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}
