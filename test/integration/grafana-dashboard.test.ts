import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "./support/api";
import { startWorker, type Proc } from "./support/processes";
import { dashboardQueries, exposedNames, metricNames } from "./support/promql-names";

const metricsPort = 9510 + (process.pid % 20);
let worker: Proc;
let exported: Set<string>;

beforeAll(async () => {
  worker = await startWorker({ WORKER_METRICS_PORT: String(metricsPort) });
  // What the real registries export: the suite's web and this worker, scraped.
  const web = await request("/api/metrics");
  expect(web.status).toBe(200);
  const own = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  exported = new Set([...exposedNames(web.text), ...exposedNames(own)]);
});
afterAll(async () => {
  await worker?.stop();
});

describe("docs/grafana-dashboard.json", () => {
  it("queries only metrics Bida exports", async () => {
    const model = JSON.parse(await readFile(path.resolve(import.meta.dirname, "../../docs/grafana-dashboard.json"), "utf8"));
    const queries = dashboardQueries(model);
    expect(queries.length).toBeGreaterThanOrEqual(20);
    const unknown = queries.flatMap((q) => metricNames(q).filter((n) => !exported.has(n)).map((n) => `${n} (in ${q})`));
    expect(unknown).toEqual([]);
    // Every query names at least one metric: a typo that empties a query is caught too.
    for (const q of queries) expect(metricNames(q).length, q).toBeGreaterThan(0);
    // The datasource is the dashboard's variable, so it imports into any Grafana.
    expect(model.templating.list.find((v: { type: string }) => v.type === "datasource")).toMatchObject({ name: "datasource", query: "prometheus" });
    for (const panel of model.panels.filter((p: { type: string }) => p.type !== "row")) expect(panel.datasource.uid).toBe("${datasource}");
  });

  it("reads metric names as PromQL does", () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le, route) (rate(bida_x_bucket{route=~"a|b"}[$__rate_interval])))')).toEqual(["bida_x_bucket"]);
    expect(metricNames("sum(rate(a_sum[5m])) / sum(rate(a_count[5m])) and on (host) b")).toEqual(["a_sum", "a_count", "b"]);
    expect(metricNames("label_values(bida_host_in_flight, host)")).toEqual(["bida_host_in_flight"]);
    expect(exposedNames("# TYPE h histogram\n# TYPE c counter\n")).toEqual(new Set(["h", "h_bucket", "h_sum", "h_count", "c"]));
  });
});
