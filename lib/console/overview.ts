import type { AppContext } from "../context";
import type { Bucket } from "./attempt-buckets";
import { getDeliveryCharts, type DeliveryCharts } from "./delivery-charts";
import { getOverviewCounters, type Counter, type OverviewCounters } from "./overview-counters";
import { getTopFailingHosts, type FailingHost } from "./top-failing-hosts";

export interface Overview {
  /** succeededToday is approximate (a lower bound) while older chart buckets are still being counted. */
  counters: OverviewCounters & { succeededToday: Counter };
  charts: DeliveryCharts;
  failingHosts: FailingHost[];
  generatedAt: number;
}

/** Everything the overview page shows, gathered in parallel; "today" and the chart's days are the viewer's zone's. */
export async function getOverview(ctx: AppContext, timeZone: string): Promise<Overview> {
  const now = Date.now();
  const [counters, charts, failingHosts] = await Promise.all([getOverviewCounters(ctx), getDeliveryCharts(ctx, now, timeZone), getTopFailingHosts(ctx)]);
  // Each succeeded task has exactly one successful attempt, so today's successful attempts are today's successes.
  const today: Bucket | undefined = charts.lastWeek[charts.lastWeek.length - 1];
  return { counters: { ...counters, succeededToday: { value: today?.ok ?? 0, approximate: charts.pending } }, charts, failingHosts, generatedAt: now };
}
