import { getAppContext } from "@/lib/context";
import { apiHandler } from "@/lib/http/api-handler";
import { assertMetricsAccess } from "@/lib/metrics/metrics-access";
import { createWebMetrics } from "@/lib/metrics/web-metrics";
import type { Registry } from "prom-client";

export const dynamic = "force-dynamic";

const globalForMetrics = globalThis as unknown as { bidaWebMetrics?: Registry };

/** Prometheus text format, for METRICS_TOKEN or METRICS_ALLOW. Worker metrics are served by each worker on WORKER_METRICS_PORT. */
export const GET = apiHandler(async (req) => {
  assertMetricsAccess(req);
  globalForMetrics.bidaWebMetrics ??= createWebMetrics(getAppContext());
  const registry = globalForMetrics.bidaWebMetrics;
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});
