// Where each overview counter leads: a task filter that lists exactly the tasks it counts. No server imports: the
// overview's browser part builds the links from the start of the viewer's day the server sent (charts.lastWeek).

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
